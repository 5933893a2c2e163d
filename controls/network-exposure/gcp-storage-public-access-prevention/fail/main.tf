resource "google_storage_bucket" "exports" { # fail: bucket - inherited by default
  name     = "acme-exports"
  location = "EU"
}

resource "google_storage_bucket" "uploads" {
  name                     = "acme-uploads"
  location                 = "EU"
  public_access_prevention = "inherited" # fail: bucket
}
