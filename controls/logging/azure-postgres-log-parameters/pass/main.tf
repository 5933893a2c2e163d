resource "azurerm_postgresql_flexible_server_configuration" "disconnections" {
  name      = "log_disconnections"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "on"
}

resource "azurerm_postgresql_configuration" "retention" {
  name                = "log_retention_days"
  resource_group_name = "rg-data"
  server_name         = "psql-legacy"
  value               = "7"
}

resource "azurerm_postgresql_configuration" "connections" {
  name                = "log_connections"
  resource_group_name = "rg-data"
  server_name         = "psql-legacy"
  value               = "ON"
}
