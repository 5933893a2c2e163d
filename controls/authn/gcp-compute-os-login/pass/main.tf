resource "google_compute_project_metadata" "default" {
  project = "acme-prod"
  metadata = {
    enable-oslogin = "TRUE"
  }
}

resource "google_compute_project_metadata_item" "oslogin" {
  project = "acme-staging"
  key     = "enable-oslogin"
  value   = "TRUE"
}

# another metadata item: not checked
resource "google_compute_project_metadata_item" "serial" {
  project = "acme-staging"
  key     = "serial-port-logging-enable"
  value   = "TRUE"
}

# follows the project's setting
resource "google_compute_instance" "api" {
  name         = "orders-api"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}
