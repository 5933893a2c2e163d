resource "google_cloudfunctions_function_iam_member" "public" {
  region         = "europe-west1"
  cloud_function = "resize-images"
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers" # fail: iam-member
}

resource "google_cloudfunctions2_function_iam_binding" "hooks" {
  location       = "europe-west1"
  cloud_function = "payment-webhook"
  role           = "roles/cloudfunctions.invoker"
  members        = ["allAuthenticatedUsers"] # fail: iam-binding
}
