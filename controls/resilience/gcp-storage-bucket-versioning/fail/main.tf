resource "google_storage_bucket" "exports" { # fail: bucket - no versioning
  name     = "acme-exports"
  location = "EU"
}

resource "google_storage_bucket" "uploads" {
  name     = "acme-uploads"
  location = "EU"
  versioning {
    enabled = false # fail: bucket
  }
}
