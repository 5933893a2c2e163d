resource "google_logging_project_bucket_config" "default" { # fail: bucket - 30 days by default
  project   = "acme-prod"
  location  = "global"
  bucket_id = "_Default"
}

resource "google_logging_organization_bucket_config" "audit" {
  organization   = "123456789012"
  location       = "europe-west1"
  bucket_id      = "org-audit"
  retention_days = 90 # fail: bucket
}

variable "retention_days" {
  type = number
}

resource "google_logging_folder_bucket_config" "apps" {
  folder         = "folders/123456789012"
  location       = "global"
  bucket_id      = "apps"
  retention_days = var.retention_days # unknown: bucket
}
