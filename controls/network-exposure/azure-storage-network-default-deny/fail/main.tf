resource "azurerm_storage_account" "open" { # fail: account
  name                     = "stopen"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "allow" {
  name                     = "stallow"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = "Allow" # fail: account
    bypass         = ["AzureServices"]
  }
}

