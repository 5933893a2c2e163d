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
  node_config { # fail: node-pool - runs as the Compute Engine default service account
    machine_type = "e2-standard-4"
  }
}

resource "google_container_node_pool" "legacy" {
  name     = "legacy"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    machine_type    = "e2-standard-4"
    service_account = "123456789012-compute@developer.gserviceaccount.com" # fail: node-pool
  }
}

resource "google_container_cluster" "batch" { # fail: default-pool - default pool, default account
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 3
}

variable "node_sa" {
  type = string
}

resource "google_container_node_pool" "jobs" {
  name     = "jobs"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    service_account = var.node_sa # unknown: node-pool
  }
}

data "google_compute_default_service_account" "default" {}

resource "google_container_node_pool" "tools" { # fail: node-pool - the default service account, through its data source
  name     = "tools"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    service_account = data.google_compute_default_service_account.default.email
  }
}
