variable "sql_password" {
  type      = string
  sensitive = true
}

variable "audit_storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server_security_alert_policy" "partial" {
  resource_group_name = "rg-data"
  server_name         = "sql-orders"
  state               = "Enabled"
  disabled_alerts     = ["Sql_Injection", "Data_Exfiltration"] # fail: alert-policy
  email_addresses     = ["secops@contoso.example"]
}

resource "azurerm_mssql_server_security_alert_policy" "off" {
  resource_group_name = "rg-data"
  server_name         = "sql-reports"
  state               = "Disabled" # fail: alert-policy
}

resource "azurerm_sql_server" "legacy" {
  name                         = "sql-legacy"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password

  threat_detection_policy {
    state                      = "Disabled" # fail: sql-server-inline
    storage_endpoint           = "https://stsqlaudit.blob.core.windows.net/"
    storage_account_access_key = var.audit_storage_key
  }
}

resource "azurerm_mysql_server" "legacy" { # fail: single-server
  name                         = "mysql-legacy"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "8.0"
  administrator_login          = "mysqladmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true
}
