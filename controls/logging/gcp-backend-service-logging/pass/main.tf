resource "google_compute_backend_service" "api" {
  name                  = "orders-api"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_region_backend_service" "eu" {
  name                  = "orders-api-eu"
  region                = "europe-west1"
  protocol              = "HTTP"
  load_balancing_scheme = "INTERNAL_MANAGED"

  log_config {
    enable = true
  }
}

# a TCP backend of a passthrough load balancer: not checked
resource "google_compute_region_backend_service" "db" {
  name                  = "db-proxy"
  region                = "europe-west1"
  protocol              = "TCP"
  load_balancing_scheme = "INTERNAL"
}
