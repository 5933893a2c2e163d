resource "google_cloud_run_v2_service" "api" {
  name     = "orders-api"
  location = "europe-west1"

  template {
    encryption_key = "projects/acme-kms/locations/europe-west1/keyRings/run/cryptoKeys/orders-api"
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders-api:1.4.2"
    }
  }
}

resource "google_cloud_run_service" "legacy" {
  name     = "legacy-api"
  location = "europe-west1"

  template {
    metadata {
      annotations = {
        "run.googleapis.com/encryption-key" = "projects/acme-kms/locations/europe-west1/keyRings/run/cryptoKeys/legacy-api"
      }
    }
    spec {
      containers {
        image = "europe-docker.pkg.dev/acme-prod/apps/legacy-api:2.0.0"
      }
    }
  }
}
