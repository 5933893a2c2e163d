resource "google_kms_key_ring" "app" {
  name     = "app"
  location = "europe-west1"
}

resource "google_kms_crypto_key" "data" {
  name            = "data"
  key_ring        = google_kms_key_ring.app.id
  rotation_period = "7776000s"
}

resource "google_kms_crypto_key" "sessions" {
  name            = "sessions"
  key_ring        = google_kms_key_ring.app.id
  rotation_period = "2592000s"
}

# asymmetric signing key: no automatic rotation; not checked
resource "google_kms_crypto_key" "signing" {
  name     = "signing"
  key_ring = google_kms_key_ring.app.id
  purpose  = "ASYMMETRIC_SIGN"
  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}
