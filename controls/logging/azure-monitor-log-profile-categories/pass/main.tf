resource "azurerm_monitor_log_profile" "complete" {
  name               = "complete"
  categories         = ["Action", "Delete", "Write"]
  locations          = ["westeurope", "global"]
  storage_account_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stactivitylogs"

  retention_policy {
    enabled = true
    days    = 365
  }
}

