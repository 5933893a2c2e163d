resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "203.0.113.0/28"
      display_name = "office"
    }
  }
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = "172.16.0.16/28"
  }
}

resource "google_container_cluster" "edge" {
  name             = "edge"
  location         = "europe-west1"
  enable_autopilot = true
  control_plane_endpoints_config {
    ip_endpoints_config {
      enabled = false
    }
    dns_endpoint_config {
      allow_external_traffic = true
    }
  }
}
