resource "google_container_cluster" "apps" {
  name                  = "apps"
  location              = "europe-west1"
  initial_node_count    = 1
  enable_shielded_nodes = false # fail: cluster
}
