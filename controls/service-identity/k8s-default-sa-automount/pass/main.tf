resource "kubernetes_default_service_account_v1" "reports" {
  metadata {
    namespace = "reports"
  }
  automount_service_account_token = false
}
