resource "azurerm_managed_disk" "data" {
  name                          = "disk-data"
  location                      = "westeurope"
  resource_group_name           = "rg-data"
  storage_account_type          = "Premium_LRS"
  create_option                 = "Empty"
  disk_size_gb                  = 256
  network_access_policy         = "DenyAll"
  public_network_access_enabled = false
}

resource "azurerm_managed_disk" "private" {
  name                          = "disk-private"
  location                      = "westeurope"
  resource_group_name           = "rg-data"
  storage_account_type          = "Premium_LRS"
  create_option                 = "Empty"
  disk_size_gb                  = 256
  network_access_policy         = "AllowPrivate"
  disk_access_id                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Compute/diskAccesses/da-data"
  public_network_access_enabled = false
}

