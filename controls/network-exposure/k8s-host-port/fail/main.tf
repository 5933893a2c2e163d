resource "kubernetes_pod_v1" "debug" {
  metadata {
    name      = "orders-debug"
    namespace = "shop"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/orders-api:2.3.0"
      port {
        container_port = 8080
        host_port      = 8080 # fail: containers
      }
    }
  }
}
