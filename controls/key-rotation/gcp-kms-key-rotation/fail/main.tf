resource "google_kms_key_ring" "app" {
  name     = "app"
  location = "europe-west1"
}

resource "google_kms_crypto_key" "data" { # fail: key - never rotates
  name     = "data"
  key_ring = google_kms_key_ring.app.id
}

resource "google_kms_crypto_key" "backups" {
  name            = "backups"
  key_ring        = google_kms_key_ring.app.id
  rotation_period = "31536000s" # fail: key - a year
}

variable "rotation" {
  type = string
}

resource "google_kms_crypto_key" "reports" {
  name            = "reports"
  key_ring        = google_kms_key_ring.app.id
  rotation_period = var.rotation # unknown: key
}
