resource "google_container_cluster" "apps" { # fail: cluster - no private_cluster_config
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = false # fail: cluster
    enable_private_endpoint = false
  }
}

variable "private_nodes" {
  type = bool
}

resource "google_container_cluster" "edge" {
  name             = "edge"
  location         = "europe-west1"
  enable_autopilot = true
  private_cluster_config {
    enable_private_nodes = var.private_nodes # unknown: cluster
  }
}
