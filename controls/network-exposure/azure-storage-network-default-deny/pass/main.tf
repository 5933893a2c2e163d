resource "azurerm_storage_account" "rules" {
  name                     = "strules"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/app"]
  }
}

resource "azurerm_storage_account" "private" {
  name                          = "stprivate"
  resource_group_name           = "rg-data"
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "separate" {
  name                     = "stseparate"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account_network_rules" "separate" {
  storage_account_id = azurerm_storage_account.separate.id
  default_action     = "Deny"
  ip_rules           = ["203.0.113.10"]
  bypass             = ["Metrics", "Logging"]
}
