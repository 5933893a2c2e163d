variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_postgresql_server" "legacy" {
  name                             = "postgresql-legacy"
  location                         = "westeurope"
  resource_group_name              = "rg-data"
  sku_name                         = "GP_Gen5_2"
  version                          = "11"
  administrator_login              = "dbadmin"
  administrator_login_password     = var.sql_password
  ssl_enforcement_enabled          = false # fail: single-server
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}

resource "azurerm_postgresql_flexible_server_configuration" "plaintext" {
  name      = "require_secure_transport"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "off" # fail: flexible-parameter
}

resource "azurerm_mysql_flexible_server_configuration" "plaintext" {
  name                = "require_secure_transport"
  resource_group_name = "rg-data"
  server_name         = "mysql-catalog"
  value               = "OFF" # fail: flexible-parameter
}
