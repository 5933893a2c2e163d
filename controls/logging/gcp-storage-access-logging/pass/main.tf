# the log bucket itself: not checked
resource "google_storage_bucket" "access_logs" {
  name                        = "acme-access-logs"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "exports" {
  name     = "acme-exports"
  location = "EU"
  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }
}
