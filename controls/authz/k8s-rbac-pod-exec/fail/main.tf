resource "kubernetes_role_v1" "support" {
  metadata {
    name      = "support"
    namespace = "shop"
  }
  rule {
    api_groups = [""] # fail: rules
    resources  = ["pods/exec"]
    verbs      = ["create", "get"]
  }
}
