resource "azurerm_key_vault_key" "manual" { # fail: key
  name            = "manual"
  key_vault_id    = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-data"
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["decrypt", "encrypt", "unwrapKey", "wrapKey"]
  expiration_date = "2027-06-30T00:00:00Z"
}

resource "azurerm_key_vault_key" "notify_only" {
  name         = "notify-only"
  key_vault_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-data"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["decrypt", "encrypt", "unwrapKey", "wrapKey"]

  rotation_policy { # fail: key - expiry and notice, but no automatic rotation
    expire_after         = "P1Y"
    notify_before_expiry = "P30D"
  }
}

