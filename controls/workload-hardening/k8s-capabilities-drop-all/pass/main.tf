resource "kubernetes_pod_v1" "worker" {
  metadata {
    name      = "invoice-worker"
    namespace = "billing"
  }
  spec {
    container {
      name  = "worker"
      image = "registry.example.com/invoice-worker:1.8.0"
      security_context {
        allow_privilege_escalation = false
        capabilities {
          drop = ["ALL"]
        }
      }
    }
  }
}
