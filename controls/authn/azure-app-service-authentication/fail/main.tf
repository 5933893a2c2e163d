resource "azurerm_linux_web_app" "open" { # fail: app
  name                = "app-open"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  site_config {
  }
}

resource "azurerm_linux_web_app" "optional" {
  name                = "app-optional"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = false # fail: app - tokens read if present, anonymous calls let through

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
    enabled = false # fail: legacy-app
  }
}

