resource "google_project_iam_member" "api" {
  project = "acme-prod"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:orders-api@acme-prod.iam.gserviceaccount.com"
}

resource "google_folder_iam_binding" "publishers" {
  folder  = "folders/123456789012"
  role    = "roles/pubsub.publisher"
  members = ["group:devs@example.com"]
}

# an authoritative binding that removes every holder of the role: not checked
resource "google_project_iam_binding" "remove_editors" {
  project = "acme-prod"
  role    = "roles/editor"
  members = []
}
