resource "azurerm_cosmosdb_account" "byok" {
  name                = "cosmos-byok"
  location            = "westeurope"
  resource_group_name = "rg-data"
  offer_type          = "Standard"
  key_vault_key_id    = "https://kv-data.vault.azure.net/keys/cosmos"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}

