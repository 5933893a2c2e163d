resource "google_service_account_iam_member" "deployer" {
  service_account_id = "projects/acme-prod/serviceAccounts/orders-api@acme-prod.iam.gserviceaccount.com"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:deployer@acme-build.iam.gserviceaccount.com"
}

resource "google_project_iam_member" "deployer" {
  project = "acme-prod"
  role    = "roles/run.developer"
  member  = "serviceAccount:deployer@acme-build.iam.gserviceaccount.com"
}

# a service agent role given to its service agent
resource "google_project_iam_member" "gke_agent" {
  project = "acme-prod"
  role    = "roles/container.serviceAgent"
  member  = "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com"
}

resource "google_project_iam_binding" "apis_agent" {
  project = "acme-prod"
  role    = "roles/compute.serviceAgent"
  members = ["serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com"]
}

# an authoritative binding that removes every holder of the role: not checked
resource "google_project_iam_binding" "remove_token_creators" {
  project = "acme-prod"
  role    = "roles/iam.serviceAccountTokenCreator"
  members = []
}
