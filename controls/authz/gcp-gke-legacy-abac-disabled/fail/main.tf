resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = true # fail: cluster
}

variable "abac" {
  type = bool
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = var.abac # unknown: cluster
}
