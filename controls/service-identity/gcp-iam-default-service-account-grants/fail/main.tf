resource "google_project_iam_member" "compute_default" {
  project = "acme-prod"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:123456789012-compute@developer.gserviceaccount.com" # fail: member
}

resource "google_folder_iam_binding" "appspot" {
  folder = "folders/123456789012"
  role   = "roles/pubsub.publisher"
  members = [ # fail: binding
    "group:devs@example.com",
    "serviceAccount:acme-prod@appspot.gserviceaccount.com",
  ]
}
