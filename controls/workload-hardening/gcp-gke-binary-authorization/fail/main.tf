resource "google_container_cluster" "apps" { # fail: cluster - no binary_authorization
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  binary_authorization {
    evaluation_mode = "DISABLED" # fail: cluster
  }
}
