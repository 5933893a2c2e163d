resource "azurerm_log_analytics_workspace" "year" {
  name                = "law-year"
  location            = "westeurope"
  resource_group_name = "rg-logs"
  sku                 = "PerGB2018"
  retention_in_days   = 365
}

