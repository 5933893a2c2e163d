variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "unaudited" { # fail: server
  name                         = "sql-unaudited"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_mssql_server" "disabled" { # fail: server - the policy is turned off
  name                         = "sql-disabled"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_mssql_server_extended_auditing_policy" "disabled" {
  server_id              = azurerm_mssql_server.disabled.id
  enabled                = false
  log_monitoring_enabled = true
}
