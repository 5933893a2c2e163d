resource "google_storage_bucket" "exports" {
  name     = "acme-exports"
  location = "EU"
  encryption {
    default_kms_key_name = "projects/acme-kms/locations/eu/keyRings/storage/cryptoKeys/exports"
  }
}
