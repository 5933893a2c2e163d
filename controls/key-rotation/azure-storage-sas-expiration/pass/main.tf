resource "azurerm_storage_account" "bounded" {
  name                     = "stbounded"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  sas_policy {
    expiration_period = "01.00:00:00"
    expiration_action = "Block"
  }
}

# no shared keys: not checked
resource "azurerm_storage_account" "entra" {
  name                      = "stentra"
  resource_group_name       = "rg-data"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = false
}

