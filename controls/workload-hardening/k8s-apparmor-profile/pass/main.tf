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
        annotations = {
          "container.apparmor.security.beta.kubernetes.io/api" = "runtime/default"
        }
      }
      spec {
        container {
          name  = "api"
          image = "registry.example.com/orders-api:2.3.0"
        }
      }
    }
  }
}
