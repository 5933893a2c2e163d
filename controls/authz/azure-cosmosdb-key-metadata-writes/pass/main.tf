resource "azurerm_cosmosdb_account" "locked" {
  name                               = "cosmos-locked"
  location                           = "westeurope"
  resource_group_name                = "rg-data"
  offer_type                         = "Standard"
  access_key_metadata_writes_enabled = false

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

