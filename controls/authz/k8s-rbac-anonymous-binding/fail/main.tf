resource "kubernetes_cluster_role_binding_v1" "public" {
  metadata {
    name = "public-read"
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "view"
  }
  subject {
    kind      = "User" # fail: binding
    api_group = "rbac.authorization.k8s.io"
    name      = "system:anonymous"
  }
}
