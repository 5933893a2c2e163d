resource "azurerm_log_analytics_workspace" "entra" {
  name                         = "law-entra"
  location                     = "westeurope"
  resource_group_name          = "rg-logs"
  sku                          = "PerGB2018"
  local_authentication_enabled = false
}

resource "azurerm_log_analytics_workspace" "older" {
  name                          = "law-older"
  location                      = "westeurope"
  resource_group_name           = "rg-logs"
  sku                           = "PerGB2018"
  local_authentication_disabled = true
}

