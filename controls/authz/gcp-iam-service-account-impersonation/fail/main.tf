resource "google_project_iam_member" "deployer" {
  project = "acme-prod"
  role    = "roles/iam.serviceAccountUser" # fail: grant
  member  = "serviceAccount:deployer@acme-build.iam.gserviceaccount.com"
}

resource "google_organization_iam_binding" "tokens" {
  org_id  = "123456789012"
  role    = "roles/iam.serviceAccountTokenCreator" # fail: grant
  members = ["group:platform@example.com"]
}
