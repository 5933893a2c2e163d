resource "google_container_cluster" "apis" {
  name               = "apis"
  location           = "europe-west1"
  initial_node_count = 3

  node_config {
    kubelet_config {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
}

# the default pool is removed; new pools inherit the cluster's default
resource "google_container_cluster" "batch" {
  name                     = "batch"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1

  node_pool_defaults {
    node_config_defaults {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
}

resource "google_container_node_pool" "batch" {
  name     = "batch"
  cluster  = google_container_cluster.batch.id
  location = "europe-west1"

  node_config {
    machine_type = "e2-standard-4"
  }
}

resource "google_container_node_pool" "highmem" {
  name     = "highmem"
  cluster  = "projects/acme-prod/locations/europe-west1/clusters/legacy"
  location = "europe-west1"

  node_config {
    machine_type = "n2-highmem-4"
    kubelet_config {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
}

resource "google_container_cluster" "autopilot" {
  name             = "autopilot"
  location         = "europe-west1"
  enable_autopilot = true

  node_pool_auto_config {
    node_kubelet_config {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
}
