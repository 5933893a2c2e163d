variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mysql_server" "legacy" {
  name                             = "mysql-legacy"
  location                         = "westeurope"
  resource_group_name              = "rg-data"
  sku_name                         = "GP_Gen5_2"
  version                          = "8.0"
  administrator_login              = "dbadmin"
  administrator_login_password     = var.sql_password
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_2"
}

resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "require_secure_transport"
  resource_group_name = "rg-data"
  server_name         = "mysql-catalog"
  value               = "ON"
}

# another parameter: not checked
resource "azurerm_postgresql_flexible_server_configuration" "statements" {
  name      = "pg_stat_statements.track"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "all"
}
