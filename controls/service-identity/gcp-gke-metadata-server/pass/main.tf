resource "google_container_cluster" "apps" {
  name                     = "apps"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  workload_identity_config {
    workload_pool = "acme-prod.svc.id.goog"
  }
}

# mode unset: GKE_METADATA, since the cluster has Workload Identity
resource "google_container_node_pool" "general" {
  name     = "general"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    machine_type = "e2-standard-4"
  }
}

resource "google_container_node_pool" "gpu" {
  name     = "gpu"
  cluster  = google_container_cluster.apps.id
  location = "europe-west1"
  node_config {
    machine_type = "g2-standard-8"
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 3
  workload_identity_config {
    workload_pool = "acme-prod.svc.id.goog"
  }
  node_config {
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
