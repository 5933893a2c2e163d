variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "passwords" { # fail: sql-server
  name                         = "sql-passwords"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}
resource "azurerm_sql_server" "legacy" { # fail: sql-server-legacy
  name                         = "sql-legacy"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_postgresql_server" "legacy" { # fail: single-server
  name                         = "psql-legacy"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  administrator_login          = "psqladmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                   = "psql-orders"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  version                = "16"
  administrator_login    = "psqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2s_v3"

  authentication {
    active_directory_auth_enabled = false # fail: postgresql-flexible
    password_auth_enabled         = true
  }
}

resource "azurerm_mysql_flexible_server" "catalog" { # fail: mysql-flexible
  name                   = "mysql-catalog"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  administrator_login    = "mysqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2ds_v4"
}
