resource "kubernetes_deployment_v1" "orders" {
  metadata {
    name      = "orders-api"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = {
        app = "orders-api"
      }
    }
    template {
      metadata {
        labels = {
          app = "orders-api"
        }
      }
      spec {
        security_context {
          run_as_non_root = true
          run_as_user     = 10001
        }
        container {
          name  = "api"
          image = "registry.example.com/orders-api:2.3.0"
        }
      }
    }
  }
}
