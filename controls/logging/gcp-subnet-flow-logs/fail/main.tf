resource "google_compute_subnetwork" "apps" { # fail: subnet - no flow logs
  name          = "apps"
  ip_cidr_range = "10.10.0.0/20"
  region        = "europe-west1"
  network       = "projects/acme-net/global/networks/shared"
}
