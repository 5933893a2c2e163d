resource "google_project_iam_member" "ci" {
  project = "acme-prod"
  role    = "roles/editor" # fail: grant
  member  = "serviceAccount:ci@acme-build.iam.gserviceaccount.com"
}

resource "google_folder_iam_binding" "admins" {
  folder  = "folders/123456789012"
  role    = "roles/owner" # fail: binding
  members = ["group:platform-admins@example.com"]
}

resource "google_organization_iam_member" "roles" {
  for_each = toset(["roles/viewer", "roles/editor"])
  org_id   = "123456789012"
  role     = each.value # fail: grant
  member   = "group:ops@example.com"
}

variable "role" {
  type = string
}

resource "google_project_iam_member" "custom" {
  project = "acme-prod"
  role    = var.role # unknown: grant
  member  = "group:devs@example.com"
}
