resource "azurerm_storage_account" "double" {
  name                              = "stdouble"
  resource_group_name               = "rg-data"
  location                          = "westeurope"
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  infrastructure_encryption_enabled = true
}

