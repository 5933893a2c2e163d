variable "sql_password" {
  type      = string
  sensitive = true
}

variable "audit_storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server_extended_auditing_policy" "short" {
  server_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders"
  storage_endpoint           = "https://stsqlaudit.blob.core.windows.net/"
  storage_account_access_key = var.audit_storage_key
  retention_in_days          = 90 # fail: policy
}

resource "azurerm_mssql_database_extended_auditing_policy" "forever" { # fail: policy - unset: never expire
  database_id                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders/databases/orders"
  storage_endpoint           = "https://stsqlaudit.blob.core.windows.net/"
  storage_account_access_key = var.audit_storage_key
}

resource "azurerm_mssql_server" "legacy" {
  name                         = "sql-legacy"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password

  extended_auditing_policy {
    storage_endpoint           = "https://stsqlaudit.blob.core.windows.net/"
    storage_account_access_key = var.audit_storage_key
    retention_in_days          = 30 # fail: server
  }
}


resource "azurerm_mssql_server" "unaudited" { # fail: server - no audit records kept at all
  name                         = "sql-unaudited"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}
