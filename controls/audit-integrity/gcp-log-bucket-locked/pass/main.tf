resource "google_logging_project_bucket_config" "audit" {
  project        = "acme-prod"
  location       = "global"
  bucket_id      = "audit"
  retention_days = 400
  locked         = true
}

resource "google_storage_bucket" "audit_archive" {
  name                        = "acme-audit-archive"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 31536000
    is_locked        = true
  }
}

resource "google_logging_project_sink" "audit" {
  name        = "audit-archive"
  project     = "acme-prod"
  destination = "storage.googleapis.com/${google_storage_bucket.audit_archive.name}"
  filter      = "logName:\"cloudaudit.googleapis.com\""
}

# no sink writes here: not checked
resource "google_storage_bucket" "assets" {
  name                        = "acme-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
}
