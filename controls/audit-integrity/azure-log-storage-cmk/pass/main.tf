resource "azurerm_storage_account" "logs" {
  name                     = "stlogs"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.ManagedIdentity/userAssignedIdentities/logs"]
  }

  customer_managed_key {
    key_vault_key_id          = "https://kv-logs.vault.azure.net/keys/logs"
    user_assigned_identity_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.ManagedIdentity/userAssignedIdentities/logs"
  }
}

resource "azurerm_monitor_log_profile" "activity" {
  name               = "default"
  categories         = ["Action", "Delete", "Write"]
  locations          = ["westeurope", "global"]
  storage_account_id = azurerm_storage_account.logs.id

  retention_policy {
    enabled = true
    days    = 365
  }
}
