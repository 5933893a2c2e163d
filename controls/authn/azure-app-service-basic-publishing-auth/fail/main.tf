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

  webdeploy_publish_basic_authentication_enabled = false
  ftp_publish_basic_authentication_enabled       = true # fail: app

  site_config {
  }
}

