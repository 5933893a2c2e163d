resource "google_compute_region_network_endpoint_group" "gateway" {
  name                  = "orders-gateway-neg"
  region                = "europe-west1"
  network_endpoint_type = "SERVERLESS"
  serverless_deployment {
    platform = "apigateway.googleapis.com"
    resource = "orders-gateway"
  }
}

resource "google_compute_backend_service" "gateway" { # fail: backend-service - EXTERNAL by default, no policy
  name     = "orders-gateway"
  protocol = "HTTPS"
  backend {
    group = google_compute_region_network_endpoint_group.gateway.id
  }
}

resource "google_compute_backend_service" "web" { # fail: backend-service
  name                  = "orders-web"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

variable "armor_policy" {
  type = string
}

resource "google_compute_backend_service" "partners" {
  name                  = "orders-partners"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  security_policy       = var.armor_policy
}
