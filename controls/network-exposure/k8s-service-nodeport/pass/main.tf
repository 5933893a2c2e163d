resource "kubernetes_service_v1" "admin" {
  metadata {
    name      = "admin-api"
    namespace = "backoffice"
  }
  spec {
    selector = {
      app = "admin-api"
    }
    port {
      port        = 80
      target_port = 8080
    }
  }
}
