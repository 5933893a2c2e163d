resource "azurerm_key_vault" "plain" { # fail: vault
  name                = "kv-plain"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "explicit" {
  name                     = "kv-explicit"
  location                 = "westeurope"
  resource_group_name      = "rg-security"
  tenant_id                = "00000000-0000-0000-0000-000000000000"
  sku_name                 = "standard"
  purge_protection_enabled = false # fail: vault
}

