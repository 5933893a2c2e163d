resource "kubernetes_pod_v1" "api" {
  metadata {
    name      = "catalog-api"
    namespace = "shop"
  }
  spec {
    container {
      name  = "api"
      image = "registry.example.com/catalog-api:3.0.2"
    }
  }
}
