resource "google_compute_disk" "data" { # fail: disk
  name = "orders-data"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100
}

resource "google_compute_instance" "api" {
  name         = "orders-api"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"

  boot_disk { # fail: boot-disk
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}

resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-standard-2"

  disk { # fail: template-disk
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}
