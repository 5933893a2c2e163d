resource "google_cloud_run_v2_service" "gateway" {
  name     = "orders-gateway"
  location = "europe-west1"

  template {
    containers {
      image = "gcr.io/endpoints-release/endpoints-runtime-serverless:2"
      env {
        name  = "ESPv2_ARGS"
        value = "^++^--cors_preset=basic++--cors_allow_origin=https://app.example.com++--cors_allow_credentials"
      }
    }
  }
}

# any origin, but no credentials
resource "google_cloud_run_v2_service" "catalog_gateway" {
  name     = "catalog-gateway"
  location = "europe-west1"

  template {
    containers {
      image = "gcr.io/endpoints-release/endpoints-runtime-serverless:2"
      env {
        name  = "ESPv2_ARGS"
        value = "--cors_preset=basic"
      }
    }
  }
}

# not a gateway: not checked
resource "google_cloud_run_v2_service" "orders" {
  name     = "orders-api"
  location = "europe-west1"

  template {
    containers {
      image = "europe-west1-docker.pkg.dev/acme-prod/apis/orders:1.8.0"
    }
  }
}

resource "google_cloud_run_service" "legacy_gateway" {
  name     = "legacy-gateway"
  location = "europe-west1"

  template {
    spec {
      containers {
        image = "gcr.io/endpoints-release/endpoints-runtime-serverless:2"
        env {
          name  = "ESPv2_ARGS"
          value = "^++^--cors_preset=cors_with_regex++--cors_allow_origin_regex=^https://[a-z]+\\.example\\.com$++--cors_allow_credentials"
        }
      }
    }
  }
}
