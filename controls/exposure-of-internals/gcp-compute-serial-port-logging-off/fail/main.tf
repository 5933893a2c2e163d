resource "google_compute_instance_template" "api" {
  name_prefix  = "orders-api-"
  machine_type = "e2-medium"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }

  metadata = {
    enable-oslogin             = "TRUE"
    serial-port-logging-enable = "TRUE" # fail: instance
  }
}

resource "google_compute_project_metadata_item" "serial_logging" {
  project = "acme-prod"
  key     = "serial-port-logging-enable"
  value   = "true" # fail: project-item
}

variable "serial_logging" {
  type = string
}

resource "google_compute_project_metadata" "staging" {
  project = "acme-staging"
  metadata = {
    serial-port-logging-enable = var.serial_logging # unknown: instance
  }
}
