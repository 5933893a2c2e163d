resource "google_organization_iam_audit_config" "all" {
  org_id  = "123456789012"
  service = "allServices"
  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

resource "google_folder_iam_audit_config" "all" {
  folder  = "folders/123456789012"
  service = "allServices"
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

# one service's configuration: not checked
resource "google_project_iam_audit_config" "storage" {
  project = "acme-prod"
  service = "storage.googleapis.com"
  audit_log_config {
    log_type = "ADMIN_READ"
  }
}
