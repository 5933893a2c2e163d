resource "azurerm_linux_web_app" "api" {
  name                = "app-api"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  https_only = true
  site_config {
  }
}

resource "azurerm_linux_function_app" "jobs" {
  name                = "app-jobs"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  storage_account_name          = "stfuncapp"
  storage_uses_managed_identity = true

  https_only = true
  site_config {
  }
}

resource "azurerm_linux_web_app_slot" "api_staging" {
  name           = "staging"
  app_service_id = azurerm_linux_web_app.api.id
  https_only     = true

  site_config {}
}

resource "azurerm_app_service" "legacy" {
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  https_only = true
}

