resource "azurerm_key_vault_key" "hsm" {
  name         = "hsm"
  key_vault_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-data"
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["decrypt", "encrypt", "unwrapKey", "wrapKey"]

  expiration_date = "2027-06-30T00:00:00Z"
}

