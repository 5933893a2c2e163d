resource "google_compute_disk" "data" {
  name = "orders-data"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100

  disk_encryption_key {
    kms_key_self_link = "projects/acme-kms/locations/europe-west1/keyRings/compute/cryptoKeys/disks"
  }
}

resource "google_compute_instance" "api" {
  name         = "orders-api"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"

  boot_disk {
    kms_key_self_link = "projects/acme-kms/locations/europe-west1/keyRings/compute/cryptoKeys/disks"
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  attached_disk {
    source = google_compute_disk.data.id
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}

# boots from an existing disk: checked where the disk is defined
resource "google_compute_instance" "restored" {
  name         = "orders-restored"
  machine_type = "e2-medium"
  zone         = "europe-west1-b"

  boot_disk {
    source = "projects/acme-prod/zones/europe-west1-b/disks/orders-restored-boot"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}

resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-standard-2"

  disk {
    source_image = "debian-cloud/debian-12"
    disk_encryption_key {
      kms_key_self_link = "projects/acme-kms/locations/europe-west1/keyRings/compute/cryptoKeys/disks"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apps"
  }
}
