resource "azurerm_storage_account" "closed" {
  name                            = "stclosed"
  resource_group_name             = "rg-data"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_account" "legacy" {
  name                     = "stlegacy"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_blob_public_access = false
}

resource "azurerm_storage_container" "exports" {
  name                  = "exports"
  storage_account_id    = azurerm_storage_account.closed.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "uploads" {
  name               = "uploads"
  storage_account_id = azurerm_storage_account.closed.id
}
