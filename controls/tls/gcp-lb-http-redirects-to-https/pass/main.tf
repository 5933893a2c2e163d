resource "google_compute_url_map" "https_redirect" {
  name = "orders-api-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "redirect" {
  name    = "orders-api-http"
  url_map = google_compute_url_map.https_redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "orders-api-http"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  port_range            = "80"
  target                = google_compute_target_http_proxy.redirect.id
}

# an internal load balancer: not checked
resource "google_compute_backend_service" "internal" {
  name                  = "inventory"
  protocol              = "HTTP"
  load_balancing_scheme = "INTERNAL_SELF_MANAGED"
}

resource "google_compute_url_map" "internal" {
  name            = "inventory"
  default_service = google_compute_backend_service.internal.id
}

resource "google_compute_target_http_proxy" "internal" {
  name    = "inventory-http"
  url_map = google_compute_url_map.internal.id
}

resource "google_compute_global_forwarding_rule" "internal" {
  name                  = "inventory-http"
  load_balancing_scheme = "INTERNAL_SELF_MANAGED"
  ip_address            = "0.0.0.0"
  port_range            = "80"
  network               = "projects/acme-prod/global/networks/apps"
  target                = google_compute_target_http_proxy.internal.id
}

resource "google_compute_region_url_map" "eu_redirect" {
  name   = "orders-api-eu-redirect"
  region = "europe-west1"

  default_url_redirect {
    https_redirect = true
    strip_query    = false
  }
}

resource "google_compute_region_target_http_proxy" "eu" {
  name    = "orders-api-eu-http"
  region  = "europe-west1"
  url_map = google_compute_region_url_map.eu_redirect.id
}

resource "google_compute_forwarding_rule" "eu_http" {
  name                  = "orders-api-eu-http"
  region                = "europe-west1"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  port_range            = "80"
  network               = "projects/acme-prod/global/networks/apps"
  target                = google_compute_region_target_http_proxy.eu.id
}
