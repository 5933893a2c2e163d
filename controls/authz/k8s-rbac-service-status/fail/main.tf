resource "kubernetes_role_v1" "lb" {
  metadata {
    name      = "lb-status-writer"
    namespace = "edge"
  }
  rule {
    api_groups = [""] # fail: rules
    resources  = ["services", "services/status"]
    verbs      = ["get", "update"]
  }
}
