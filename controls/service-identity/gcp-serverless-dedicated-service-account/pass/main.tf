resource "google_service_account" "orders" {
  account_id = "orders-api"
}

resource "google_cloud_run_v2_service" "orders" {
  name     = "orders-api"
  location = "europe-west1"
  template {
    service_account = google_service_account.orders.email
    containers {
      image = "europe-docker.pkg.dev/acme-prod/apps/orders:1.4.2"
    }
  }
}

resource "google_cloud_run_service" "billing" {
  name     = "billing-api"
  location = "europe-west1"
  template {
    spec {
      service_account_name = "billing-api@acme-prod.iam.gserviceaccount.com"
      containers {
        image = "europe-docker.pkg.dev/acme-prod/apps/billing:3.1.0"
      }
    }
  }
}

resource "google_cloudfunctions_function" "resize" {
  name                  = "resize-images"
  runtime               = "python312"
  entry_point           = "resize"
  source_archive_bucket = "acme-functions"
  source_archive_object = "resize.zip"
  trigger_http          = true
  service_account_email = "resize@acme-prod.iam.gserviceaccount.com"
}

resource "google_cloudfunctions2_function" "webhook" {
  name     = "payment-webhook"
  location = "europe-west1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "handle"
  }
  service_config {
    service_account_email = google_service_account.orders.email
  }
}
