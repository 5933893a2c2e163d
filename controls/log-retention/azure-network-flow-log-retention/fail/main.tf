resource "azurerm_network_watcher_flow_log" "short" {
  name                 = "flowlog-short"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-short"
  storage_account_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stflowlogs"
  enabled              = true

  retention_policy {
    enabled = true
    days    = 90 # fail: flow-log
  }
}

resource "azurerm_network_watcher_flow_log" "forever" {
  name                 = "flowlog-forever"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-forever"
  storage_account_id   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stflowlogs"
  enabled              = true

  retention_policy {
    enabled = false # fail: flow-log
    days    = 0
  }
}

