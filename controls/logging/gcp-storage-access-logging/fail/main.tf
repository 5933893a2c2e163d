resource "google_storage_bucket" "exports" { # fail: bucket - no usage logs
  name     = "acme-exports"
  location = "EU"
}
