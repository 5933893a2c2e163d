resource "google_secret_manager_secret_iam_member" "public" {
  secret_id = "projects/acme-prod/secrets/api-key"
  role      = "roles/secretmanager.secretAccessor"
  member    = "allUsers" # fail: member
}

resource "google_artifact_registry_repository_iam_binding" "images" {
  location   = "europe-west1"
  repository = "images"
  role       = "roles/artifactregistry.reader"
  members    = ["group:devs@example.com", "allAuthenticatedUsers"] # fail: binding
}

data "google_iam_policy" "reports" {
  binding {
    role    = "roles/bigquery.dataViewer"
    members = ["allAuthenticatedUsers"] # fail: policy-document
  }
}

variable "reader" {
  type = string
}

resource "google_service_account_iam_member" "deployer" {
  service_account_id = "projects/acme-prod/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com"
  role               = "roles/iam.serviceAccountUser"
  member             = var.reader # unknown: member
}
