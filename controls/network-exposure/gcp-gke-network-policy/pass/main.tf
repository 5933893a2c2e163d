resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  datapath_provider  = "ADVANCED_DATAPATH"
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  network_policy {
    enabled  = true
    provider = "CALICO"
  }
  addons_config {
    network_policy_config {
      disabled = false
    }
  }
}

# Autopilot: Dataplane V2 always; not checked
resource "google_container_cluster" "edge" {
  name             = "edge"
  location         = "europe-west1"
  enable_autopilot = true
}
