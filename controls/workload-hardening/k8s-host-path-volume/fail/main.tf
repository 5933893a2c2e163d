resource "kubernetes_daemon_set_v1" "shipper" {
  metadata {
    name      = "log-shipper"
    namespace = "logging"
  }
  spec {
    selector {
      match_labels = {
        app = "log-shipper"
      }
    }
    template {
      metadata {
        labels = {
          app = "log-shipper"
        }
      }
      spec {
        container {
          name  = "shipper"
          image = "registry.example.com/log-shipper:3.1.0"
        }
        volume {
          name = "varlog"
          host_path { # fail: volumes
            path = "/var/log"
          }
        }
      }
    }
  }
}
