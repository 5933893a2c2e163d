resource "azurerm_storage_account" "plain" {
  name                       = "stplain"
  resource_group_name        = "rg-data"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = false # fail: account
}

resource "azurerm_storage_account" "legacy" {
  name                      = "stlegacy"
  resource_group_name       = "rg-data"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  enable_https_traffic_only = false # fail: account
}

