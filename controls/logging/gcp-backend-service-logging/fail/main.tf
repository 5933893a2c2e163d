resource "google_compute_backend_service" "api" { # fail: backend-service
  name                  = "orders-api"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "google_compute_region_backend_service" "eu" {
  name                  = "orders-api-eu"
  region                = "europe-west1"
  protocol              = "HTTP"
  load_balancing_scheme = "INTERNAL_MANAGED"

  log_config {
    enable = false # fail: regional-backend-service
  }
}
