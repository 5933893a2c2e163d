resource "kubernetes_cluster_role_v1" "editor" {
  metadata {
    name = "clusterrole-editor"
  }
  rule {
    api_groups = ["rbac.authorization.k8s.io"] # fail: rules
    resources  = ["clusterroles"]
    verbs      = ["escalate", "patch"]
  }
}
