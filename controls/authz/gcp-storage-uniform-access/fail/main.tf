resource "google_storage_bucket" "exports" { # fail: bucket - fine-grained ACLs by default
  name     = "acme-exports"
  location = "EU"
}

resource "google_storage_bucket" "uploads" {
  name                        = "acme-uploads"
  location                    = "EU"
  uniform_bucket_level_access = false # fail: bucket
}
