resource "google_logging_project_bucket_config" "audit" { # fail: log-bucket
  project        = "acme-prod"
  location       = "global"
  bucket_id      = "audit"
  retention_days = 400
}

resource "google_storage_bucket" "audit_archive" {
  name                        = "acme-audit-archive"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 31536000
    is_locked        = false # fail: sink-bucket
  }
}

resource "google_logging_organization_sink" "audit" {
  name             = "audit-archive"
  org_id           = "123456789012"
  include_children = true
  destination      = "storage.googleapis.com/${google_storage_bucket.audit_archive.name}"
  filter           = "logName:\"cloudaudit.googleapis.com\""
}
