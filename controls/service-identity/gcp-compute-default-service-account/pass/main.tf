resource "google_service_account" "orders_api" {
  account_id   = "orders-api"
  display_name = "Orders API VMs"
}

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

  service_account {
    email  = "orders-api@acme-prod.iam.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}

# no service account at all: not checked
resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-standard-2"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}
