resource "azurerm_key_vault" "rbac" {
  name                       = "kv-rbac"
  location                   = "westeurope"
  resource_group_name        = "rg-security"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "standard"
  rbac_authorization_enabled = true
}

resource "azurerm_key_vault" "rbac3" {
  name                      = "kv-rbac3"
  location                  = "westeurope"
  resource_group_name       = "rg-security"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = true
}

