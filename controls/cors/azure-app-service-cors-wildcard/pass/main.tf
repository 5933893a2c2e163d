resource "azurerm_linux_function_app" "jobs" {
  name                = "app-jobs"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  storage_account_name          = "stfuncapp"
  storage_uses_managed_identity = true


  site_config {
    cors {
      allowed_origins     = ["https://app.contoso.example"]
      support_credentials = true
    }
  }
}

resource "azurerm_linux_web_app" "nocors" {
  name                = "app-nocors"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"


  site_config {
  }
}

