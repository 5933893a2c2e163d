resource "kubernetes_cluster_role_v1" "reader" {
  metadata {
    name = "secret-reader"
  }
  rule {
    api_groups = [""] # fail: rules
    resources  = ["secrets"]
    verbs      = ["get", "list", "watch"]
  }
}
