variable "sql_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "byok" {
  name                         = "sql-byok"
  resource_group_name          = "rg-data"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_password

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"]
  }

  primary_user_assigned_identity_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"
  transparent_data_encryption_key_vault_key_id = "https://kv-data.vault.azure.net/keys/sql"
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

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_postgresql_server_key" "legacy" {
  server_id        = azurerm_postgresql_server.legacy.id
  key_vault_key_id = "https://kv-data.vault.azure.net/keys/psql"
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                   = "psql-orders"
  resource_group_name    = "rg-data"
  location               = "westeurope"
  version                = "16"
  administrator_login    = "psqladmin"
  administrator_password = var.sql_password
  sku_name               = "GP_Standard_D2s_v3"

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"]
  }

  customer_managed_key {
    key_vault_key_id                  = "https://kv-data.vault.azure.net/keys/psql"
    primary_user_assigned_identity_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"
  }
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
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"]
  }

  customer_managed_key {
    key_vault_key_id                  = "https://kv-data.vault.azure.net/keys/mysql"
    primary_user_assigned_identity_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/db"
  }
}
