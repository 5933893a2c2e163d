resource "azurerm_windows_web_app" "portal" {
  name                = "app-portal"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config {
    remote_debugging_enabled = true # fail: app
    remote_debugging_version = "VS2022"
  }
}

resource "azurerm_app_service" "legacy" {
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config {
    remote_debugging_enabled = true # fail: app
  }
}

