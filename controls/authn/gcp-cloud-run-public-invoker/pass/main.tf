resource "google_cloud_run_v2_service" "orders" {
  name     = "orders-api"
  location = "europe-west1"
  template {
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders:1.4.2"
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "gateway" {
  location = google_cloud_run_v2_service.orders.location
  name     = google_cloud_run_v2_service.orders.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:api-gateway@acme-prod.iam.gserviceaccount.com"
}

resource "google_cloud_run_service_iam_binding" "legacy" {
  location = "europe-west1"
  service  = "billing-api"
  role     = "roles/run.invoker"
  members  = ["serviceAccount:scheduler@acme-prod.iam.gserviceaccount.com"]
}
