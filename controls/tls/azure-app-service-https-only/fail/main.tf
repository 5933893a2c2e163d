resource "azurerm_linux_web_app" "api" { # fail: app
  name                = "app-api"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  site_config {
  }
}

resource "azurerm_windows_function_app" "jobs" {
  name                = "app-jobs"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  storage_account_name          = "stfuncapp"
  storage_uses_managed_identity = true

  https_only = false # fail: app
  site_config {
  }
}

resource "azurerm_linux_web_app" "portal" {
  name                = "app-portal"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  https_only = true

  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    require_https          = false # fail: app
    login {}

    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000001"
      tenant_auth_endpoint = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
    }
  }
  site_config {
  }
}

resource "azurerm_app_service" "legacy" { # fail: legacy-app
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"
}

