resource "google_logging_project_bucket_config" "default" {
  project        = "acme-prod"
  location       = "global"
  bucket_id      = "_Default"
  retention_days = 400
}

resource "google_logging_organization_bucket_config" "audit" {
  organization   = "123456789012"
  location       = "europe-west1"
  bucket_id      = "org-audit"
  retention_days = 2555
}
