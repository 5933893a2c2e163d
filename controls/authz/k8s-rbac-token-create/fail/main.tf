resource "kubernetes_cluster_role_v1" "broker" {
  metadata {
    name = "token-broker"
  }
  rule {
    api_groups = [""] # fail: rules
    resources  = ["serviceaccounts/token"]
    verbs      = ["create"]
  }
}
