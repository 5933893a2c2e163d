resource "google_container_cluster" "apps" { # fail: cluster - no workload_identity_config
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}
