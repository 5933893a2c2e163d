resource "azurerm_storage_account" "single" { # fail: account
  name                     = "stsingle"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

