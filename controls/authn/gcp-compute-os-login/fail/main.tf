resource "google_compute_project_metadata" "default" {
  project = "acme-prod"
  metadata = { # fail: project - no enable-oslogin: OS Login is off
    block-project-ssh-keys = "true"
  }
}

resource "google_compute_project_metadata_item" "oslogin" {
  project = "acme-staging"
  key     = "enable-oslogin"
  value   = "FALSE" # fail: project-item
}

resource "google_compute_instance" "bastion" {
  name         = "bastion"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/admin"
  }

  metadata = {
    enable-oslogin = "FALSE" # fail: instance
  }
}
