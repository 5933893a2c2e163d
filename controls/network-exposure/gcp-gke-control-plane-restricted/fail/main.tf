resource "google_container_cluster" "apps" { # fail: cluster - public endpoint, no authorized networks
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "batch"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.10.0.0/16"
      display_name = "vpn"
    }
    cidr_blocks {
      cidr_block   = "0.0.0.0/0" # fail: cluster
      display_name = "anywhere"
    }
  }
}

resource "google_container_cluster" "ml" {
  name               = "ml"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = true # fail: cluster
  }
}

variable "admin_range" {
  type = string
}

resource "google_container_cluster" "edge" {
  name               = "edge"
  location           = "europe-west1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = var.admin_range # unknown: cluster
    }
  }
}
