variable "registry_token" {
  type      = string
  sensitive = true
}

resource "google_compute_instance" "api" {
  name         = "orders-api-1"
  machine_type = "e2-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apis"
  }

  metadata = {
    enable-oslogin = "TRUE"
    registry-token = var.registry_token # fail: metadata - readable from the metadata server
  }
}

resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-standard-2"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apis"
  }

  metadata = {
    startup-script = "#!/bin/bash\nexport DB_HOST=10.20.0.5\nexport DB_PASSWORD='Autumn-2024-db'\nexec /opt/worker/run" # fail: metadata
  }
}

resource "google_compute_instance" "batch" {
  name         = "batch-1"
  machine_type = "e2-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apis"
  }

  metadata_startup_script = "/opt/batch/sync --api-key=9c2b7f3e1a8d4c6b5e0f --region europe-west1" # fail: metadata
}

resource "google_compute_project_metadata_item" "smtp" {
  key   = "smtp-password"
  value = "Mailer!2024-smtp" # fail: metadata
}

variable "boot_script" {
  type = string
}

resource "google_compute_instance" "tools" {
  name         = "tools-1"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme-prod/regions/europe-west1/subnetworks/apis"
  }

  metadata = {
    startup-script = var.boot_script # unknown: metadata
  }
}
