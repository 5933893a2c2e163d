resource "google_cloud_run_v2_service" "api" {
  name     = "orders-api"
  location = "europe-west1"

  template { # fail: service-v2
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders-api:1.4.2"
    }
  }
}

resource "google_cloud_run_service" "legacy" {
  name     = "legacy-api"
  location = "europe-west1"

  template { # fail: service-v1
    spec {
      containers {
        image = "europe-docker.pkg.dev/acme-prod/apps/legacy-api:2.0.0"
      }
    }
  }
}
