resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders"
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.31"
}

resource "azurerm_sql_firewall_rule" "app" {
  name                = "app-egress"
  resource_group_name = "rg-data"
  server_name         = "sql-legacy"
  start_ip_address    = "198.51.100.7"
  end_ip_address      = "198.51.100.7"
}
