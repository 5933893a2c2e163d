resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = "none" # fail: cluster
}

resource "google_container_cluster" "batch" { # fail: cluster - an empty component list turns it off
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  logging_config {
    enable_components = []
  }
}

variable "logging_service" {
  type = string
}

resource "google_container_cluster" "edge" {
  name               = "edge"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = var.logging_service # unknown: cluster
}
