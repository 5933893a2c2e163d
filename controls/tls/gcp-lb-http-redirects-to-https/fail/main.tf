resource "google_compute_backend_service" "api" {
  name                  = "orders-api"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "google_compute_url_map" "api" {
  name            = "orders-api"
  default_service = google_compute_backend_service.api.id
}

# port 80 serves the API itself
resource "google_compute_target_http_proxy" "api" { # fail: http-proxy
  name    = "orders-api-http"
  url_map = google_compute_url_map.api.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "orders-api-http"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  port_range            = "80"
  target                = google_compute_target_http_proxy.api.id
}

variable "url_map" {
  type = string
}

resource "google_compute_target_http_proxy" "legacy" { # unknown: http-proxy
  name    = "legacy-http"
  url_map = var.url_map
}

resource "google_compute_global_forwarding_rule" "legacy" {
  name       = "legacy-http"
  port_range = "80"
  target     = google_compute_target_http_proxy.legacy.id
}

resource "google_compute_region_backend_service" "eu" {
  name                  = "orders-api-eu"
  region                = "europe-west1"
  protocol              = "HTTP"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "google_compute_region_url_map" "eu" {
  name            = "orders-api-eu"
  region          = "europe-west1"
  default_service = google_compute_region_backend_service.eu.id
}

resource "google_compute_region_target_http_proxy" "eu" { # fail: regional-http-proxy
  name    = "orders-api-eu-http"
  region  = "europe-west1"
  url_map = google_compute_region_url_map.eu.id
}

resource "google_compute_forwarding_rule" "eu_http" {
  name                  = "orders-api-eu-http"
  region                = "europe-west1"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  port_range            = "80"
  network               = "projects/acme-prod/global/networks/apps"
  target                = google_compute_region_target_http_proxy.eu.id
}
