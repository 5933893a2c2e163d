resource "azurerm_storage_account" "logs" { # fail: account
  name                     = "stlogs"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_monitor_diagnostic_setting" "keyvault" {
  name               = "kv-audit"
  target_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-app"
  storage_account_id = azurerm_storage_account.logs.id

  enabled_log {
    category_group = "audit"
  }
}

resource "azurerm_storage_account" "flowlogs" {
  name                     = "stflowlogs"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }

  immutability_policy {
    state                         = "Disabled" # fail: account
    period_since_creation_in_days = 365
    allow_protected_append_writes = true
  }
}

resource "azurerm_network_watcher_flow_log" "app" {
  name                 = "flowlog-app"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app"
  storage_account_id   = azurerm_storage_account.flowlogs.id
  enabled              = true

  retention_policy {
    enabled = true
    days    = 365
  }
}
