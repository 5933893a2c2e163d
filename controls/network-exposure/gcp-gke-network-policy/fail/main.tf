resource "google_container_cluster" "apps" { # fail: cluster - no network policy enforcement
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  network_policy {
    enabled = false # fail: cluster
  }
}

variable "datapath" {
  type = string
}

resource "google_container_cluster" "edge" {
  name               = "edge"
  location           = "europe-west1"
  initial_node_count = 1
  datapath_provider  = var.datapath # unknown: cluster
}
