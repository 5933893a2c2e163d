resource "google_secret_manager_secret_iam_member" "api" {
  secret_id = "projects/acme-prod/secrets/api-key"
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:orders-api@acme-prod.iam.gserviceaccount.com"
}

resource "google_project_iam_binding" "viewers" {
  project = "acme-prod"
  role    = "roles/logging.viewer"
  members = ["group:sre@example.com"]
}

data "google_iam_policy" "reports" {
  binding {
    role    = "roles/bigquery.dataViewer"
    members = ["group:analysts@example.com"]
  }
}
