resource "azurerm_cosmosdb_account" "private" {
  name                          = "cosmos-private"
  location                      = "westeurope"
  resource_group_name           = "rg-data"
  offer_type                    = "Standard"
  public_network_access_enabled = false

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

resource "azurerm_cosmosdb_account" "firewall" {
  name                = "cosmos-firewall"
  location            = "westeurope"
  resource_group_name = "rg-data"
  offer_type          = "Standard"
  ip_range_filter     = ["203.0.113.0/27", "198.51.100.7"]

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

resource "azurerm_cosmosdb_account" "vnet" {
  name                              = "cosmos-vnet"
  location                          = "westeurope"
  resource_group_name               = "rg-data"
  offer_type                        = "Standard"
  is_virtual_network_filter_enabled = true

  virtual_network_rule {
    id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/app"
  }

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

