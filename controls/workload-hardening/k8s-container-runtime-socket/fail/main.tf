resource "kubernetes_pod_v1" "builder" {
  metadata {
    name      = "ci-builder"
    namespace = "ci"
  }
  spec {
    container {
      name  = "builder"
      image = "docker:25.0.3-cli"
    }
    volume {
      name = "docker"
      host_path {
        path = "/var/run/docker.sock" # fail: volumes
      }
    }
  }
}
