resource "google_kms_key_ring" "gke" {
  name     = "gke"
  location = "europe-west1"
}

resource "google_kms_crypto_key" "secrets" {
  name            = "gke-secrets"
  key_ring        = google_kms_key_ring.gke.id
  rotation_period = "7776000s"
}

resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.secrets.id
  }
}
