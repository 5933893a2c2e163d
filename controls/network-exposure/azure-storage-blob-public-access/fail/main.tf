resource "azurerm_storage_account" "open" {
  name                            = "stopen"
  resource_group_name             = "rg-data"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = true # fail: account
}

resource "azurerm_storage_account" "legacy" {
  name                     = "stlegacy"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_blob_public_access = true # fail: account
}

resource "azurerm_storage_account" "unset" { # unknown: account
  name                     = "stunset"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_container" "exports" {
  name                  = "exports"
  storage_account_id    = azurerm_storage_account.open.id
  container_access_type = "container" # fail: container
}
