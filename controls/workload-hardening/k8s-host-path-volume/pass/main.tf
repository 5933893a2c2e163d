resource "kubernetes_pod_v1" "orders" {
  metadata {
    name      = "orders-api"
    namespace = "shop"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/orders-api:2.3.0"
    }
    volume {
      name = "cache"
      empty_dir {}
    }
  }
}
