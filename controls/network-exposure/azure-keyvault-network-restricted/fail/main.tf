resource "azurerm_key_vault" "open" { # fail: vault
  name                = "kv-open"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "allow" {
  name                = "kv-allow"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"

  network_acls {
    default_action = "Allow" # fail: vault
    bypass         = "AzureServices"
  }
}

