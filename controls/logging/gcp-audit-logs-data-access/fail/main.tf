resource "google_project_iam_audit_config" "all" {
  project = "acme-prod"
  service = "allServices"
  audit_log_config {
    log_type = "ADMIN_READ" # fail: audit-config - DATA_READ and DATA_WRITE are missing
  }
}

resource "google_organization_iam_audit_config" "all" {
  org_id  = "123456789012"
  service = "allServices"
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type         = "DATA_WRITE"
    exempted_members = ["serviceAccount:etl@acme-data.iam.gserviceaccount.com"] # fail: audit-config
  }
}
