variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server_security_alert_policy" "full" {
  resource_group_name  = "rg-data"
  server_name          = "sql-orders"
  state                = "Enabled"
  email_account_admins = true
  email_addresses      = ["secops@contoso.example"]
}

resource "azurerm_postgresql_server" "legacy" {
  name                         = "psql-legacy"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  administrator_login          = "psqladmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true

  threat_detection_policy {
    enabled              = true
    email_account_admins = true
  }
}

variable "audit_storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_sql_server" "legacy" {
  name                         = "sql-legacy"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password

  threat_detection_policy {
    state                      = "Enabled"
    storage_endpoint           = "https://stsqlaudit.blob.core.windows.net/"
    storage_account_access_key = var.audit_storage_key
    email_account_admins       = "Enabled"
  }
}
