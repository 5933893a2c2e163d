resource "azurerm_cosmosdb_account" "open" { # fail: account
  name                = "cosmos-open"
  location            = "westeurope"
  resource_group_name = "rg-data"
  offer_type          = "Standard"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

resource "azurerm_cosmosdb_account" "flagonly" {
  name                              = "cosmos-flagonly"
  location                          = "westeurope"
  resource_group_name               = "rg-data"
  offer_type                        = "Standard"
  public_network_access_enabled     = true # fail: account
  is_virtual_network_filter_enabled = true

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

