resource "google_storage_bucket" "exports" { # fail: bucket - Google-managed keys
  name     = "acme-exports"
  location = "EU"
}
