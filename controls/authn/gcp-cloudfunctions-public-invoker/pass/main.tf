resource "google_cloudfunctions_function_iam_member" "scheduler" {
  region         = "europe-west1"
  cloud_function = "resize-images"
  role           = "roles/cloudfunctions.invoker"
  member         = "serviceAccount:scheduler@acme-prod.iam.gserviceaccount.com"
}

resource "google_cloudfunctions2_function_iam_binding" "hooks" {
  location       = "europe-west1"
  cloud_function = "payment-webhook"
  role           = "roles/cloudfunctions.invoker"
  members        = ["serviceAccount:gateway@acme-prod.iam.gserviceaccount.com"]
}
