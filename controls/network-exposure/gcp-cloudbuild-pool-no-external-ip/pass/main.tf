resource "google_cloudbuild_worker_pool" "builds" {
  name     = "private-builds"
  location = "europe-west1"

  worker_config {
    disk_size_gb   = 100
    machine_type   = "e2-standard-4"
    no_external_ip = true
  }

  network_config {
    peered_network = "projects/acme-build/global/networks/builds"
  }
}
