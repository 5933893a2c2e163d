resource "google_cloud_run_v2_service" "orders" { # fail: service-v2 - all traffic by default
  name     = "orders-api"
  location = "europe-west1"
  template {
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders:1.4.2"
    }
  }
}

resource "google_cloud_run_service" "billing" {
  name     = "billing-api"
  location = "europe-west1"
  metadata {
    annotations = {
      "run.googleapis.com/ingress" = "all" # fail: service-v1
    }
  }
  template {
    spec {
      containers {
        image = "europe-docker.pkg.dev/acme-prod/apps/billing:3.1.0"
      }
    }
  }
}
