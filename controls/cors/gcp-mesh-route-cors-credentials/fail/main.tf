resource "google_network_services_http_route" "orders" {
  name      = "orders"
  hostnames = ["orders.internal.example.com"]
  meshes    = ["projects/acme-prod/locations/global/meshes/apis"]

  rules {
    matches {
      prefix_match = "/v1/"
    }
    action {
      destinations {
        service_name = "projects/acme-prod/locations/global/backendServices/orders"
      }
      cors_policy {
        allow_origins     = ["https://app.example.com", "*"] # fail: route
        allow_methods     = ["GET", "POST"]
        allow_credentials = true
      }
    }
  }
}

resource "google_network_services_http_route" "profile" {
  name      = "profile"
  hostnames = ["profile.internal.example.com"]
  meshes    = ["projects/acme-prod/locations/global/meshes/apis"]

  rules {
    action {
      destinations {
        service_name = "projects/acme-prod/locations/global/backendServices/profile"
      }
      cors_policy {
        allow_origin_regexes = [".*"] # fail: route
        allow_credentials    = true
      }
    }
  }
}
