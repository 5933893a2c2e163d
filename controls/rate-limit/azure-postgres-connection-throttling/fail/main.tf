resource "azurerm_postgresql_configuration" "throttling" {
  name                = "connection_throttling"
  resource_group_name = "rg-data"
  server_name         = "psql-legacy"
  value               = "off" # fail: parameter
}

resource "azurerm_postgresql_flexible_server_configuration" "throttling" {
  name      = "connection_throttle.enable"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  value     = "off" # fail: parameter
}
