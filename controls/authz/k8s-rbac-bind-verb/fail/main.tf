resource "kubernetes_role_v1" "binder" {
  metadata {
    name      = "role-binder"
    namespace = "team-a"
  }
  rule {
    api_groups = ["rbac.authorization.k8s.io"] # fail: rules
    resources  = ["roles"]
    verbs      = ["bind", "get"]
  }
}
