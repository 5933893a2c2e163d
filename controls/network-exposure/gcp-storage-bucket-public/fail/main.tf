resource "google_storage_bucket" "exports" {
  name                        = "acme-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  member = "allUsers" # fail: iam-member
}

resource "google_storage_bucket_iam_binding" "writers" {
  bucket  = google_storage_bucket.exports.name
  role    = "roles/storage.objectCreator"
  members = ["allAuthenticatedUsers"] # fail: iam-binding
}

resource "google_storage_bucket_access_control" "legacy" {
  bucket = "acme-legacy"
  role   = "READER"
  entity = "allUsers" # fail: access-control
}

resource "google_storage_bucket_acl" "legacy" {
  bucket = "acme-legacy"
  role_entity = [ # fail: acl
    "OWNER:project-owners-123456789012",
    "READER:allUsers",
  ]
}
