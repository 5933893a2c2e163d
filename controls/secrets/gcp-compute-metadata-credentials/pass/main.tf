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
    enable-oslogin         = "TRUE"
    block-project-ssh-keys = "TRUE"
    db-password-secret     = "projects/acme-prod/secrets/db-password"
    startup-script         = <<-EOT
      #!/bin/bash
      export DB_HOST=10.20.0.5
      export DB_PASSWORD="$(gcloud secrets versions access latest --secret=db-password)"
      export API_TOKEN=$API_TOKEN_FROM_ENV
      exec /opt/worker/run --password-file=/run/secrets/db
    EOT
  }
}

resource "google_compute_project_metadata" "default" {
  metadata = {
    enable-oslogin = "TRUE"
  }
}
