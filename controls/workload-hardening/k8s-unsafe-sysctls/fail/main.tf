resource "kubernetes_deployment_v1" "queue" {
  metadata {
    name      = "queue-worker"
    namespace = "jobs"
  }
  spec {
    selector {
      match_labels = {
        app = "queue-worker"
      }
    }
    template {
      metadata {
        labels = {
          app = "queue-worker"
        }
      }
      spec {
        security_context {
          sysctl {
            name  = "kernel.msgmax" # fail: pod-spec
            value = "65536"
          }
        }
        container {
          name  = "worker"
          image = "registry.example.com/queue-worker:1.3.0"
        }
      }
    }
  }
}
