variable "project_id" {
  type    = string
  default = "acme-prod"
}

resource "google_container_cluster" "apps" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }
}

# Autopilot: Workload Identity always on; not checked
resource "google_container_cluster" "edge" {
  name             = "edge"
  location         = "europe-west1"
  enable_autopilot = true
}
