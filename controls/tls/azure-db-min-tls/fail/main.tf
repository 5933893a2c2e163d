variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "old" {
  name                         = "sql-old"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
  minimum_tls_version          = "1.0" # fail: sql-server
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
  ssl_minimal_tls_version_enforced = "TLS1_1" # fail: single-server
}

resource "azurerm_mariadb_server" "implicit" { # unknown: single-server
  name                         = "mariadb-implicit"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "10.3"
  administrator_login          = "dbadmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true
}

resource "azurerm_postgresql_flexible_server_configuration" "tls" {
  name      = "ssl_min_protocol_version"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "TLSv1.1" # fail: postgresql-parameter
}

resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "tls_version"
  resource_group_name = "rg-data"
  server_name         = "mysql-catalog"
  value               = "TLSv1.1,TLSv1.2" # fail: mysql-parameter
}
