resource "kubernetes_role_v1" "deployer" {
  metadata {
    name      = "deployer"
    namespace = "shop"
  }
  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "statefulsets"]
    verbs      = ["get", "update", "patch"] # fail: rules
  }
}
