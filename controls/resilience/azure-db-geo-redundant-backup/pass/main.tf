variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                         = "psql-orders"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "16"
  administrator_login          = "psqladmin"
  administrator_password       = var.sql_password
  sku_name                     = "GP_Standard_D2s_v3"
  backup_retention_days        = 35
  geo_redundant_backup_enabled = true
}

# a read replica: not checked
resource "azurerm_mysql_server" "replica" {
  name                      = "mysql-replica"
  location                  = "northeurope"
  resource_group_name       = "rg-data"
  sku_name                  = "GP_Gen5_2"
  version                   = "8.0"
  ssl_enforcement_enabled   = true
  create_mode               = "Replica"
  creation_source_server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforMySQL/servers/mysql-primary"
}
