resource "google_project_iam_member" "deployer" {
  project = "acme-prod"
  role    = "roles/iam.serviceAccountUser" # fail: grant
  member  = "serviceAccount:deployer@acme-build.iam.gserviceaccount.com"
}

resource "google_organization_iam_binding" "tokens" {
  org_id  = "123456789012"
  role    = "roles/iam.serviceAccountTokenCreator" # fail: binding
  members = ["group:platform@example.com"]
}

resource "google_project_iam_member" "sa_admin" {
  project = "acme-prod"
  role    = "roles/iam.serviceAccountAdmin" # fail: grant
  member  = "serviceAccount:terraform@acme-seed.iam.gserviceaccount.com"
}

resource "google_folder_iam_member" "builds" {
  folder = "folders/123456789012"
  role   = "roles/cloudbuild.builds.editor" # fail: grant
  member = "group:developers@example.com"
}

# a service agent role given to a person
resource "google_project_iam_member" "run_agent" {
  project = "acme-prod"
  role    = "roles/run.serviceAgent" # fail: grant
  member  = "user:alice@example.com"
}

resource "google_project_iam_binding" "gke_agent" {
  project = "acme-prod"
  role    = "roles/container.serviceAgent" # fail: binding
  members = [
    "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com",
    "serviceAccount:ci@acme-build.iam.gserviceaccount.com",
  ]
}

variable "role" {
  type = string
}

resource "google_project_iam_member" "custom" {
  project = "acme-prod"
  role    = var.role # unknown: grant
  member  = "group:devs@example.com"
}
