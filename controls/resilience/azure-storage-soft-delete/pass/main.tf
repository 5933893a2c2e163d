resource "azurerm_storage_account" "softdelete" {
  name                     = "stsoftdelete"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true

    delete_retention_policy {
      days = 30
    }

    container_delete_retention_policy {
      days = 30
    }
  }
}

# Azure Files only: not checked
resource "azurerm_storage_account" "files" {
  name                     = "stfiles"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Premium"
  account_replication_type = "ZRS"
  account_kind             = "FileStorage"
}

