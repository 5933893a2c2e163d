variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "public" { # fail: server
  name                         = "sql-public"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_postgresql_server" "legacy" {
  name                          = "psql-legacy"
  location                      = "westeurope"
  resource_group_name           = "rg-data"
  sku_name                      = "GP_Gen5_2"
  version                       = "11"
  administrator_login           = "psqladmin"
  administrator_login_password  = var.sql_password
  ssl_enforcement_enabled       = true
  public_network_access_enabled = true # fail: server
}

resource "azurerm_postgresql_flexible_server" "orders" { # fail: postgresql-flexible
  name                   = "psql-orders"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  version                = "16"
  administrator_login    = "psqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2s_v3"
  storage_mb             = 32768
}

resource "azurerm_mysql_flexible_server" "catalog" {
  name                   = "mysql-catalog"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  administrator_login    = "mysqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2ds_v4"
  public_network_access  = "Enabled" # fail: mysql-flexible
}
