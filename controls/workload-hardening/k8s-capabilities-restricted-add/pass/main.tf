resource "kubernetes_pod_v1" "media" {
  metadata {
    name      = "media-api"
    namespace = "media"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/media-api:6.2.0"
      security_context {
        capabilities {
          drop = ["ALL"]
          add  = ["NET_BIND_SERVICE"]
        }
      }
    }
  }
}
