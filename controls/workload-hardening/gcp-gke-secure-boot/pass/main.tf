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
  node_config {
    machine_type = "e2-standard-4"
    shielded_instance_config {
      enable_secure_boot = true
    }
  }
}

# Autopilot: not checked
resource "google_container_cluster" "edge" {
  name             = "edge"
  location         = "europe-west1"
  enable_autopilot = true
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 3
  node_config {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
