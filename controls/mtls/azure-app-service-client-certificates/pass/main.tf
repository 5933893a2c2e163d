variable "storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_linux_web_app" "partners" {
  name                = "app-partners"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  client_certificate_enabled         = true
  client_certificate_mode            = "Required"
  client_certificate_exclusion_paths = "/healthz"

  site_config {
  }
}

resource "azurerm_app_service" "legacy" {
  name                = "app-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"

  client_cert_enabled = true
}

resource "azurerm_function_app" "legacyfn" {
  name                       = "app-legacyfn"
  resource_group_name        = "rg-app"
  location                   = "westeurope"
  app_service_plan_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/asp-app"
  storage_account_name       = "stfuncapp"
  storage_account_access_key = var.storage_key

  client_cert_mode = "Required"
}

