resource "google_compute_instance" "api" {
  name           = "orders-api"
  machine_type   = "e2-medium"
  zone           = "europe-west1-b"
  can_ip_forward = true # fail: instance

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}

variable "forwarding" {
  type = bool
}

resource "google_compute_instance_template" "workers" {
  name_prefix    = "workers-"
  machine_type   = "e2-standard-2"
  can_ip_forward = var.forwarding # unknown: instance

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}
