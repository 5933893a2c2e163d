variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "audited" {
  name                         = "sql-audited"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_mssql_server_extended_auditing_policy" "audited" {
  server_id              = azurerm_mssql_server.audited.id
  log_monitoring_enabled = true
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
    retention_in_days          = 365
  }
}

variable "audit_storage_key" {
  type      = string
  sensitive = true
}
