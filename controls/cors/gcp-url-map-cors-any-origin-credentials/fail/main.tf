resource "google_compute_url_map" "api" {
  name            = "api"
  default_service = "projects/acme-prod/global/backendServices/orders"

  default_route_action {
    cors_policy {
      allow_origins     = ["*"] # fail: url-map
      allow_methods     = ["GET", "POST"]
      allow_headers     = ["Content-Type"]
      allow_credentials = true
    }
  }
}

resource "google_compute_url_map" "accounts" {
  name            = "accounts"
  default_service = "projects/acme-prod/global/backendServices/accounts"

  host_rule {
    hosts        = ["accounts.example.com"]
    path_matcher = "accounts"
  }

  path_matcher {
    name            = "accounts"
    default_service = "projects/acme-prod/global/backendServices/accounts"

    route_rules {
      priority = 1
      service  = "projects/acme-prod/global/backendServices/accounts"
      match_rules {
        prefix_match = "/v1/"
      }
      route_action {
        cors_policy {
          allow_origin_regexes = ["https?://.*"] # fail: url-map
          allow_methods        = ["GET", "PUT"]
          allow_credentials    = true
        }
      }
    }
  }
}

resource "google_compute_region_url_map" "internal" {
  name            = "internal"
  region          = "europe-west1"
  default_service = "projects/acme-prod/regions/europe-west1/backendServices/profile"

  host_rule {
    hosts        = ["profile.example.com"]
    path_matcher = "profile"
  }

  path_matcher {
    name            = "profile"
    default_service = "projects/acme-prod/regions/europe-west1/backendServices/profile"

    path_rule {
      paths   = ["/me"]
      service = "projects/acme-prod/regions/europe-west1/backendServices/profile"
      route_action {
        cors_policy {
          allow_origins     = ["https://app.example.com", "null"] # fail: url-map
          allow_credentials = true
        }
      }
    }
  }
}

variable "cors_origins" {
  type = list(string)
}

resource "google_compute_url_map" "partners" {
  name            = "partners"
  default_service = "projects/acme-prod/global/backendServices/partners"

  default_route_action {
    cors_policy {
      allow_origins     = var.cors_origins # unknown: url-map
      allow_credentials = true
    }
  }
}
