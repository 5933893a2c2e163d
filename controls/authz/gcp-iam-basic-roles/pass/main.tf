resource "google_project_iam_member" "ci" {
  project = "acme-prod"
  role    = "roles/run.developer"
  member  = "serviceAccount:ci@acme-build.iam.gserviceaccount.com"
}

resource "google_organization_iam_member" "auditors" {
  org_id = "123456789012"
  role   = "roles/viewer"
  member = "group:auditors@example.com"
}
