resource "kubernetes_pod_v1" "reports" {
  metadata {
    name      = "reports-api"
    namespace = "reports"
  }
  spec {
    security_context {
      se_linux_options {
        level = "s0:c123,c456"
      }
    }
    container {
      name  = "api"
      image = "registry.example.com/reports-api:2.2.0"
    }
  }
}
