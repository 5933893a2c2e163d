resource "kubernetes_pod_v1" "reports" {
  metadata {
    name      = "reports-api"
    namespace = "reports"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/reports-api:2.2.0"
    }
    volume {
      name = "logs"
      host_path { # fail: volumes
        path = "/var/log/reports"
      }
    }
  }
}
