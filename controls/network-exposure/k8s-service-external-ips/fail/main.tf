resource "kubernetes_service_v1" "legacy" {
  metadata {
    name      = "legacy-api"
    namespace = "legacy"
  }
  spec {
    selector = {
      app = "legacy-api"
    }
    port {
      port        = 80
      target_port = 8080
    }
    external_ips = ["10.20.0.15"] # fail: service
  }
}
