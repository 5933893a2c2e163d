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
