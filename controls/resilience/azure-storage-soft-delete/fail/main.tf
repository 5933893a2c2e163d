resource "azurerm_storage_account" "nosoftdelete" { # fail: account
  name                     = "stnosoftdelete"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "versioning" {
  name                     = "stversioning"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties { # fail: account
    versioning_enabled = true
  }
}

