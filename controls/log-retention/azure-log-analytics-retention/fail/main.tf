resource "azurerm_log_analytics_workspace" "defaults" { # fail: workspace
  name                = "law-defaults"
  location            = "westeurope"
  resource_group_name = "rg-logs"
  sku                 = "PerGB2018"
}

resource "azurerm_log_analytics_workspace" "short" {
  name                = "law-short"
  location            = "westeurope"
  resource_group_name = "rg-logs"
  sku                 = "PerGB2018"
  retention_in_days   = 90 # fail: workspace
}

