resource "azurerm_linux_web_app" "api" {
  name                = "app-api"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config {
    ftps_state = "AllAllowed" # fail: app
  }
}

resource "azurerm_app_service" "legacy" { # fail: legacy-app - the service default is AllAllowed
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

}

