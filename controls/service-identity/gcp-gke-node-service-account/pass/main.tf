resource "google_service_account" "nodes" {
  account_id   = "gke-nodes"
  display_name = "GKE nodes"
}

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
    machine_type    = "e2-standard-4"
    service_account = google_service_account.nodes.email
  }
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 3
  node_config {
    service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"
  }
}
