resource "kubernetes_deployment_v1" "catalog" {
  metadata {
    name      = "catalog-api"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = {
        app = "catalog-api"
      }
    }
    template {
      metadata {
        labels = {
          app = "catalog-api"
        }
      }
      spec {
        container {
          name  = "api"
          image = "registry.example.com/catalog-api:3.0.2"
          resources {
            requests = {
              cpu    = "250m"
              memory = "256Mi"
            }
          }
        }
      }
    }
  }
}
