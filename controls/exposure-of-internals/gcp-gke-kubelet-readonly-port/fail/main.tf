resource "google_container_cluster" "apis" { # fail: cluster
  name               = "apis"
  location           = "europe-west1"
  initial_node_count = 3
}

resource "google_container_cluster" "batch" {
  name                     = "batch"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
}

resource "google_container_node_pool" "batch" {
  name     = "batch"
  cluster  = google_container_cluster.batch.id
  location = "europe-west1"

  node_config {
    machine_type = "e2-standard-4"
    kubelet_config {
      cpu_manager_policy                     = "static"
      insecure_kubelet_readonly_port_enabled = "TRUE" # fail: node-pool
    }
  }
}

resource "google_container_cluster" "autopilot" {
  name             = "autopilot"
  location         = "europe-west1"
  enable_autopilot = true

  node_pool_auto_config {
    node_kubelet_config {
      insecure_kubelet_readonly_port_enabled = "TRUE" # fail: cluster
    }
  }
}

variable "kubelet_readonly_port" {
  type = string
}

resource "google_container_node_pool" "jobs" {
  name     = "jobs"
  cluster  = "projects/acme-prod/locations/europe-west1/clusters/legacy"
  location = "europe-west1"

  node_config {
    machine_type = "e2-standard-4"
    kubelet_config {
      insecure_kubelet_readonly_port_enabled = var.kubelet_readonly_port # unknown: node-pool
    }
  }
}
