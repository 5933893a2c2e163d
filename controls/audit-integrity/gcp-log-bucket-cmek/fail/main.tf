resource "google_logging_project_bucket_config" "audit" { # fail: bucket
  project        = "acme-prod"
  location       = "europe-west1"
  bucket_id      = "audit"
  retention_days = 400
}
