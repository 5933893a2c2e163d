variable "storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_linux_function_app" "jobs" {
  name                = "app-jobs"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  storage_account_name          = "stfuncapp"
  storage_uses_managed_identity = true


  site_config {
    cors {
      allowed_origins = ["https://app.contoso.example", "*"] # fail: app
    }
  }
}

resource "azurerm_function_app" "legacyfn" {
  name                       = "app-legacyfn"
  resource_group_name        = "rg-app"
  location                   = "westeurope"
  app_service_plan_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"
  storage_account_name       = "stfuncapp"
  storage_account_access_key = var.storage_key


  site_config {
    cors {
      allowed_origins = ["*"] # fail: app
    }
  }
}

