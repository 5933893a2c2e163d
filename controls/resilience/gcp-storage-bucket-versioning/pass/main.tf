resource "google_storage_bucket" "exports" {
  name     = "acme-exports"
  location = "EU"
  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition {
      num_newer_versions = 3
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_storage_bucket" "archive" {
  name     = "acme-archive"
  location = "EU"
  retention_policy {
    retention_period = 2592000
  }
}
