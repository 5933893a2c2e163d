resource "azurerm_key_vault" "silent" { # fail: vault
  name                = "kv-silent"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

