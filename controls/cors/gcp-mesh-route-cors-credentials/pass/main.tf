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
        allow_origins     = ["https://app.example.com"]
        allow_methods     = ["GET", "POST"]
        allow_credentials = true
      }
    }
  }

  # any origin, but no credentials
  rules {
    matches {
      prefix_match = "/catalog/"
    }
    action {
      destinations {
        service_name = "projects/acme-prod/locations/global/backendServices/catalog"
      }
      cors_policy {
        allow_origins = ["*"]
        allow_methods = ["GET"]
      }
    }
  }
}
