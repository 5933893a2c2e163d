resource "kubernetes_default_service_account_v1" "reports" { # fail: service-account
  metadata {
    namespace = "reports"
  }
}
