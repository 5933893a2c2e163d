resource "azurerm_storage_account" "logs" {
  name                     = "stlogs"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }

  immutability_policy {
    state                         = "Locked"
    period_since_creation_in_days = 365
    allow_protected_append_writes = true
  }
}

resource "azurerm_monitor_diagnostic_setting" "keyvault" {
  name               = "kv-audit"
  target_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-app"
  storage_account_id = azurerm_storage_account.logs.id

  enabled_log {
    category_group = "audit"
  }
}

resource "azurerm_storage_account" "sqlaudit" {
  name                     = "stsqlaudit"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_container" "sqlaudit" {
  name               = "sqldbauditlogs"
  storage_account_id = azurerm_storage_account.sqlaudit.id
}

resource "azurerm_storage_container_immutability_policy" "sqlaudit" {
  storage_container_resource_manager_id = azurerm_storage_container.sqlaudit.resource_manager_id
  immutability_period_in_days           = 365
  protected_append_writes_enabled       = true
  locked                                = true
}

resource "azurerm_mssql_server_extended_auditing_policy" "orders" {
  server_id         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders"
  storage_endpoint  = azurerm_storage_account.sqlaudit.primary_blob_endpoint
  retention_in_days = 365
}

# receives no logs: not checked
resource "azurerm_storage_account" "data" {
  name                     = "stdata"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

