resource "azurerm_postgresql_flexible_server_configuration" "connections" {
  name      = "log_connections"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "off" # fail: parameter
}

resource "azurerm_postgresql_configuration" "checkpoints" {
  name                = "log_checkpoints"
  resource_group_name = "rg-data"
  server_name         = "psql-legacy"
  value               = "off" # fail: parameter
}
