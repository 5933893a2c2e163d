resource "kubernetes_ingress_v1" "orders" {
  metadata {
    name      = "orders-api"
    namespace = "shop"
    annotations = {
      "nginx.ingress.kubernetes.io/server-snippet" = "location /metrics { deny all; }" # fail: annotations
    }
  }
  spec {
    ingress_class_name = "nginx"
    rule {
      host = "orders.example.com"
      http {
        path {
          path      = "/"
          path_type = "Prefix"
          backend {
            service {
              name = "orders-api"
              port {
                number = 80
              }
            }
          }
        }
      }
    }
  }
}
