resource "azurerm_managed_disk" "data" { # fail: disk
  name                 = "disk-data"
  location             = "westeurope"
  resource_group_name  = "rg-data"
  storage_account_type = "Premium_LRS"
  create_option        = "Empty"
  disk_size_gb         = 256
}

