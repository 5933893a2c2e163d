resource "google_storage_bucket" "access_logs" {
  name                        = "acme-prod-access-logs"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 31536000
    is_locked        = true
  }
}

resource "google_storage_bucket" "uploads" {
  name                        = "acme-prod-uploads"
  location                    = "EU"
  uniform_bucket_level_access = true

  logging {
    log_bucket        = google_storage_bucket.access_logs.name
    log_object_prefix = "uploads/"
  }
}

resource "google_storage_bucket" "exports" {
  name                        = "acme-prod-exports"
  location                    = "EU"
  uniform_bucket_level_access = true

  logging {
    log_bucket = "acme-prod-access-logs"
  }
}
