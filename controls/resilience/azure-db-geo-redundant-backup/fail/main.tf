variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_postgresql_server" "legacy" {
  name                         = "postgresql-legacy"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  administrator_login          = "dbadmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true
  geo_redundant_backup_enabled = false # fail: server
}

resource "azurerm_mysql_flexible_server" "catalog" { # fail: server
  name                   = "mysql-catalog"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  administrator_login    = "mysqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2ds_v4"
  backup_retention_days  = 35
}
