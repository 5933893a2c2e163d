resource "kubernetes_role_v1" "orders" {
  metadata {
    name      = "orders-api"
    namespace = "shop"
  }
  rule {
    api_groups     = [""]
    resources      = ["secrets"]
    resource_names = ["orders-db"]
    verbs          = ["get"]
  }
}
