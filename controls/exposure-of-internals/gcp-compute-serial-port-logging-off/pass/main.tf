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
    enable-oslogin = "TRUE"
  }
}

resource "google_compute_project_metadata" "default" {
  project = "acme-prod"
  metadata = {
    enable-oslogin             = "TRUE"
    serial-port-logging-enable = "false"
  }
}

# another key: not checked
resource "google_compute_project_metadata_item" "oslogin" {
  project = "acme-prod"
  key     = "enable-oslogin"
  value   = "TRUE"
}

resource "google_compute_project_metadata_item" "serial_logging" {
  project = "acme-staging"
  key     = "serial-port-logging-enable"
  value   = "false"
}
