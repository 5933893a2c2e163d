resource "kubernetes_pod_v1" "api" {
  metadata {
    name      = "orders-api"
    namespace = "shop"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/orders-api:2.3.0"
      port {
        container_port = 8080
      }
    }
  }
}
