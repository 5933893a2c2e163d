resource "google_container_cluster" "apps" { # fail: cluster - no database_encryption
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  database_encryption {
    state = "DECRYPTED" # fail: cluster
  }
}
