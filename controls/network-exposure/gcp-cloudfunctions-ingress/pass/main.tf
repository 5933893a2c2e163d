resource "google_cloudfunctions_function" "resize" {
  name                  = "resize-images"
  runtime               = "python312"
  entry_point           = "resize"
  source_archive_bucket = "acme-functions"
  source_archive_object = "resize.zip"
  trigger_http          = true
  ingress_settings      = "ALLOW_INTERNAL_ONLY"
}

resource "google_cloudfunctions2_function" "webhook" {
  name     = "payment-webhook"
  location = "europe-west1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "handle"
  }
  service_config {
    ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  }
}
