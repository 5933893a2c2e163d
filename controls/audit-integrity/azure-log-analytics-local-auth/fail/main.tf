resource "azurerm_log_analytics_workspace" "keys" { # fail: workspace
  name                = "law-keys"
  location            = "westeurope"
  resource_group_name = "rg-logs"
  sku                 = "PerGB2018"
}

resource "azurerm_log_analytics_workspace" "explicit" {
  name                         = "law-explicit"
  location                     = "westeurope"
  resource_group_name          = "rg-logs"
  sku                          = "PerGB2018"
  local_authentication_enabled = true # fail: workspace
}

