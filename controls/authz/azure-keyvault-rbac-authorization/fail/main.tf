resource "azurerm_key_vault" "policies" { # fail: vault
  name                = "kv-policies"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"

  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000000"
    object_id          = "11111111-1111-1111-1111-111111111111"
    secret_permissions = ["Get", "List"]
  }
}

resource "azurerm_key_vault" "off" {
  name                      = "kv-off"
  location                  = "westeurope"
  resource_group_name       = "rg-security"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = false # fail: vault
}

