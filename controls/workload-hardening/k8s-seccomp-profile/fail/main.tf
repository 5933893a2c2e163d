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
        container { # fail: containers
          name  = "api"
          image = "registry.example.com/catalog-api:3.0.2"
        }
      }
    }
  }
}
