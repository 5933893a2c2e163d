resource "google_container_cluster" "apps" {
  name                     = "apps"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
}

resource "google_container_node_pool" "general" {
  name     = "general"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config { # fail: node-pool - Secure Boot off by default
    machine_type = "e2-standard-4"
  }
}

resource "google_container_node_pool" "legacy" {
  name     = "legacy"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = false # fail: node-pool
    }
  }
}

resource "google_container_cluster" "batch" { # fail: default-pool - no node_config
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 3
}
