# Cloud Endpoints on Cloud Run: CORS on with credentials, and no origin named (the default is *)
resource "google_cloud_run_v2_service" "gateway" {
  name     = "orders-gateway"
  location = "europe-west1"

  template {
    containers {
      image = "gcr.io/endpoints-release/endpoints-runtime-serverless:2"
      env {
        name  = "ENDPOINTS_SERVICE_NAME"
        value = "orders-gateway-abc123-ew.a.run.app"
      }
      env {
        name  = "ESPv2_ARGS"
        value = "^++^--cors_preset=basic++--cors_allow_methods=GET,POST,PUT++--cors_allow_credentials" # fail: gateway
      }
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
          value = "^++^--cors_preset=cors_with_regex++--cors_allow_origin_regex=.*++--cors_allow_credentials" # fail: gateway-v1
        }
      }
    }
  }
}

variable "espv2_args" {
  type = string
}

resource "google_cloud_run_v2_service" "partner_gateway" {
  name     = "partner-gateway"
  location = "europe-west1"

  template {
    containers {
      image = "gcr.io/endpoints-release/endpoints-runtime-serverless:2"
      env {
        name  = "ESPv2_ARGS"
        value = var.espv2_args # unknown: gateway
      }
    }
  }
}
