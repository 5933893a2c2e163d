variable "db_password" {
  type      = string
  sensitive = true
}

resource "azurerm_container_app" "orders" {
  name                         = "ca-orders"
  container_app_environment_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-apps/providers/Microsoft.App/managedEnvironments/cae-apps"
  resource_group_name          = "rg-apps"
  revision_mode                = "Single"

  secret { # fail: app
    name  = "db-password"
    value = var.db_password
  }

  template {
    container {
      name   = "api"
      image  = "contoso.azurecr.io/orders-api:1.4.2"
      cpu    = 0.5
      memory = "1Gi"

      env {
        name        = "DB_PASSWORD"
        secret_name = "db-password"
      }
    }
  }
}
