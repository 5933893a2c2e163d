resource "azurerm_mssql_firewall_rule" "anyone" {
  name             = "allow-all"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255" # fail: rule
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "anyone" {
  name             = "allow-all"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-orders"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255" # fail: rule
}

variable "office_end" {
  type = string
}

resource "azurerm_mysql_flexible_server_firewall_rule" "office" {
  name                = "office"
  resource_group_name = "rg-data"
  server_name         = "mysql-catalog"
  start_ip_address    = "0.0.0.0"
  end_ip_address      = var.office_end # unknown: rule
}
