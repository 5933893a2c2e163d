resource "azurerm_linux_web_app" "orders" {
  name                = "app-orders"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    unauthenticated_action = "Return401"

    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000001"
      tenant_auth_endpoint = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
      allowed_audiences    = ["api://contoso-orders"]
    }

    login {}
  }
  site_config {
  }
}

resource "azurerm_app_service" "legacy" {
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  auth_settings {
    enabled                       = true
    unauthenticated_client_action = "RedirectToLoginPage"
    default_provider              = "AzureActiveDirectory"
    issuer                        = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"

    active_directory {
      client_id = "00000000-0000-0000-0000-000000000001"
    }
  }
}

