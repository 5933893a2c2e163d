resource "azurerm_container_app" "orders" {
  name                         = "ca-orders"
  container_app_environment_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-apps/providers/Microsoft.App/managedEnvironments/cae-apps"
  resource_group_name          = "rg-apps"
  revision_mode                = "Single"

  template {
    container {
      name   = "api"
      image  = "contoso.azurecr.io/orders-api:1.4.2"
      cpu    = 0.5
      memory = "1Gi"
    }
  }

  ingress {
    external_enabled           = true
    target_port                = 8080
    allow_insecure_connections = true # fail: app

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }
}

