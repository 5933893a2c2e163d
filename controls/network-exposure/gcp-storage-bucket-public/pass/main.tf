resource "google_storage_bucket" "exports" {
  name                        = "acme-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:reports@acme-prod.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_binding" "writers" {
  bucket  = google_storage_bucket.exports.name
  role    = "roles/storage.objectCreator"
  members = ["group:exporters@example.com"]
}

resource "google_storage_bucket_access_control" "team" {
  bucket = "acme-legacy"
  role   = "READER"
  entity = "group-data@example.com"
}

resource "google_storage_bucket_acl" "legacy" {
  bucket      = "acme-legacy"
  role_entity = ["OWNER:project-owners-123456789012"]
}
