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

# an authoritative binding that removes every Editor of the project: not checked
resource "google_project_iam_binding" "remove_editors" {
  project = "acme-prod"
  role    = "roles/editor"
  members = []
}

resource "google_folder_iam_binding" "network_admins" {
  folder  = "folders/123456789012"
  role    = "roles/compute.networkAdmin"
  members = ["group:network-admins@example.com"]
}
