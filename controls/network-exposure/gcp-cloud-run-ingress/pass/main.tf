resource "google_cloud_run_v2_service" "orders" {
  name                 = "orders-api"
  location             = "europe-west1"
  ingress              = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  default_uri_disabled = true
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
      "run.googleapis.com/ingress" = "internal"
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
