resource "azurerm_storage_account" "keys" { # fail: account
  name                     = "stkeys"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

