resource "google_cloud_run_v2_service" "orders" {
  name     = "orders-api"
  location = "europe-west1"
  template {
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders:1.4.2"
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  project  = google_cloud_run_v2_service.orders.project
  location = google_cloud_run_v2_service.orders.location
  name     = google_cloud_run_v2_service.orders.name
  role     = "roles/run.invoker"
  member   = "allUsers" # fail: iam-member
}

resource "google_cloud_run_service_iam_binding" "legacy" {
  location = "europe-west1"
  service  = "billing-api"
  role     = "roles/run.invoker"
  members  = ["allAuthenticatedUsers"] # fail: iam-binding
}

resource "google_cloud_run_v2_service" "status" {
  name                 = "status"
  location             = "europe-west1"
  invoker_iam_disabled = true # fail: service
  template {
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/status:2.0.0"
    }
  }
}
