resource "azurerm_storage_account" "keys" { # fail: account
  name                     = "stkeys"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "explicit" {
  name                      = "stexplicit"
  resource_group_name       = "rg-data"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = true # fail: account
}

