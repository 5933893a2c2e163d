resource "google_compute_url_map" "api" {
  name            = "api"
  default_service = "projects/acme-prod/global/backendServices/orders"

  default_route_action {
    cors_policy {
      allow_origins        = ["https://app.example.com"]
      allow_origin_regexes = ["^https://[a-z0-9-]+\\.preview\\.example\\.com$"]
      allow_methods        = ["GET", "POST"]
      allow_credentials    = true
    }
  }

  host_rule {
    hosts        = ["public.example.com"]
    path_matcher = "public"
  }

  path_matcher {
    name            = "public"
    default_service = "projects/acme-prod/global/backendServices/catalog"

    # a public catalogue read with bearer tokens: any origin, no credentials
    default_route_action {
      cors_policy {
        allow_origins = ["*"]
        allow_methods = ["GET"]
      }
    }

    # switched off
    path_rule {
      paths   = ["/legacy/*"]
      service = "projects/acme-prod/global/backendServices/legacy"
      route_action {
        cors_policy {
          allow_origins     = ["*"]
          allow_credentials = true
          disabled          = true
        }
      }
    }
  }
}
