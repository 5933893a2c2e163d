resource "google_cloudbuild_worker_pool" "builds" { # fail: pool
  name     = "private-builds"
  location = "europe-west1"

  network_config {
    peered_network = "projects/acme-build/global/networks/builds"
  }
}

resource "google_cloudbuild_worker_pool" "release" {
  name     = "release-builds"
  location = "europe-west1"

  worker_config {
    machine_type   = "e2-standard-4"
    no_external_ip = false # fail: pool
  }
}
