variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "entra" {
  name                         = "sql-entra"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password

  azuread_administrator {
    login_username = "sql-admins"
    object_id      = "22222222-2222-2222-2222-222222222222"
  }
}
resource "azurerm_sql_server" "legacy" {
  name                         = "sql-legacy"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password
}

resource "azurerm_sql_active_directory_administrator" "legacy" {
  server_name         = azurerm_sql_server.legacy.name
  resource_group_name = "rg-data"
  login               = "sql-admins"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  object_id           = "22222222-2222-2222-2222-222222222222"
}

resource "azurerm_postgresql_server" "legacy" {
  name                         = "psql-legacy"
  location                     = "westeurope"
  resource_group_name          = "rg-data"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  administrator_login          = "psqladmin"
  administrator_login_password = var.sql_password
  ssl_enforcement_enabled      = true
}

resource "azurerm_postgresql_active_directory_administrator" "legacy" {
  server_name         = azurerm_postgresql_server.legacy.name
  resource_group_name = "rg-data"
  login               = "psql-admins"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  object_id           = "22222222-2222-2222-2222-222222222222"
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                = "psql-orders"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "16"
  sku_name            = "GP_Standard_D2s_v3"

  authentication {
    active_directory_auth_enabled = true
    password_auth_enabled         = false
    tenant_id                     = "00000000-0000-0000-0000-000000000000"
  }
}

resource "azurerm_postgresql_flexible_server_active_directory_administrator" "orders" {
  server_name         = azurerm_postgresql_flexible_server.orders.name
  resource_group_name = "rg-data"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  object_id           = "22222222-2222-2222-2222-222222222222"
  principal_name      = "psql-admins"
  principal_type      = "Group"
}

resource "azurerm_mysql_flexible_server" "catalog" {
  name                   = "mysql-catalog"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  administrator_login    = "mysqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2ds_v4"

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mysql"]
  }
}

resource "azurerm_mysql_flexible_server_active_directory_administrator" "catalog" {
  server_id   = azurerm_mysql_flexible_server.catalog.id
  identity_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mysql"
  login       = "mysql-admins"
  object_id   = "22222222-2222-2222-2222-222222222222"
  tenant_id   = "00000000-0000-0000-0000-000000000000"
}
