resource "azurerm_linux_web_app" "api" {
  name                = "app-api"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config {
    ip_restriction {
      name        = "front-door"
      priority    = 100
      action      = "Allow"
      service_tag = "AzureFrontDoor.Backend"
      headers {
        x_azure_fdid = ["00000000-0000-0000-0000-000000000000"]
      }
    }
    scm_use_main_ip_restriction = false # fail: app
  }
}

resource "azurerm_app_service" "legacy" {
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config { # fail: legacy-app
    ip_restriction {
      name        = "front-door"
      priority    = 100
      action      = "Allow"
      service_tag = "AzureFrontDoor.Backend"
      headers {
        x_azure_fdid = ["00000000-0000-0000-0000-000000000000"]
      }
    }
  }
}

