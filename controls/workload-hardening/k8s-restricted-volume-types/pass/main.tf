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
      name = "scratch"
      empty_dir {}
    }
    volume {
      name = "data"
      persistent_volume_claim {
        claim_name = "reports-data"
      }
    }
  }
}
