resource "azurerm_managed_disk" "data" {
  name                   = "disk-data"
  location               = "westeurope"
  resource_group_name    = "rg-data"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 256
  disk_encryption_set_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Compute/diskEncryptionSets/des-data"
}

