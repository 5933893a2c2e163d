resource "google_logging_project_bucket_config" "audit" {
  project        = "acme-prod"
  location       = "europe-west1"
  bucket_id      = "audit"
  retention_days = 400

  cmek_settings {
    kms_key_name = "projects/acme-kms/locations/europe-west1/keyRings/logging/cryptoKeys/audit"
  }
}
