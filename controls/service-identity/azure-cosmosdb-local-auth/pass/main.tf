resource "azurerm_cosmosdb_account" "entra" {
  name                          = "cosmos-entra"
  location                      = "westeurope"
  resource_group_name           = "rg-data"
  offer_type                    = "Standard"
  local_authentication_disabled = true

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

# the MongoDB API: not checked
resource "azurerm_cosmosdb_account" "mongo" {
  name                = "cosmos-mongo"
  location            = "westeurope"
  resource_group_name = "rg-data"
  offer_type          = "Standard"
  kind                = "MongoDB"

  capabilities {
    name = "EnableMongo"
  }

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

