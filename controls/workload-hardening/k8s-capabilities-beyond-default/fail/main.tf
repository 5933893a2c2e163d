resource "kubernetes_daemon_set_v1" "vpn" {
  metadata {
    name      = "vpn-gateway"
    namespace = "edge"
  }
  spec {
    selector {
      match_labels = {
        app = "vpn-gateway"
      }
    }
    template {
      metadata {
        labels = {
          app = "vpn-gateway"
        }
      }
      spec {
        container {
          name  = "gateway"
          image = "registry.example.com/vpn-gateway:2.0.0"
          security_context {
            capabilities {
              add = ["NET_ADMIN"] # fail: containers
            }
          }
        }
      }
    }
  }
}
