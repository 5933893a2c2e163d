variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "private" {
  name                          = "sql-private"
  resource_group_name           = "rg-data"
  location                      = "westeurope"
  version                       = "12.0"
  administrator_login           = "sqladmin"
  administrator_login_password  = var.sql_password
  public_network_access_enabled = false
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                          = "psql-orders"
  resource_group_name           = "rg-data"
  location                      = "westeurope"
  version                       = "16"
  administrator_login           = "psqladmin"
  administrator_password        = var.sql_password
  sku_name                      = "GP_Standard_D2s_v3"
  storage_mb                    = 32768
  delegated_subnet_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-data/subnets/postgres"
  private_dns_zone_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/orders.private.postgres.database.azure.com"
  public_network_access_enabled = false
}

resource "azurerm_mysql_flexible_server" "catalog" {
  name                   = "mysql-catalog"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  administrator_login    = "mysqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2ds_v4"
  public_network_access  = "Disabled"
}
