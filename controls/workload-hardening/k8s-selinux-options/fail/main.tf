resource "kubernetes_pod_v1" "reports" {
  metadata {
    name      = "reports-api"
    namespace = "reports"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/reports-api:2.2.0"
      security_context {
        se_linux_options {
          role = "system_r" # fail: pod-and-containers
        }
      }
    }
  }
}
