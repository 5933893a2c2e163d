resource "kubernetes_cluster_role_v1" "ci" {
  metadata {
    name = "ci-impersonator"
  }
  rule {
    api_groups     = [""]
    resources      = ["serviceaccounts"]
    resource_names = ["deployer"]
    verbs          = ["impersonate"] # fail: rules
  }
}
