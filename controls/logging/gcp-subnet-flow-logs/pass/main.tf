resource "google_compute_subnetwork" "apps" {
  name          = "apps"
  ip_cidr_range = "10.10.0.0/20"
  region        = "europe-west1"
  network       = "projects/acme-net/global/networks/shared"
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

# a proxy-only subnet: flow logs are not available; not checked
resource "google_compute_subnetwork" "proxy" {
  name          = "proxy-only"
  ip_cidr_range = "10.129.0.0/23"
  region        = "europe-west1"
  network       = "projects/acme-net/global/networks/shared"
  purpose       = "REGIONAL_MANAGED_PROXY"
  role          = "ACTIVE"
}
