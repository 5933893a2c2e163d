resource "kubernetes_role_binding_v1" "deployer" {
  metadata {
    name      = "deployer"
    namespace = "ci"
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = "deployer"
  }
  subject {
    kind      = "ServiceAccount"
    name      = "ci-deployer"
    namespace = "ci"
  }
}
