resource "google_cloudfunctions_function" "resize" { # fail: function - ALLOW_ALL by default
  name                  = "resize-images"
  runtime               = "python312"
  entry_point           = "resize"
  source_archive_bucket = "acme-functions"
  source_archive_object = "resize.zip"
  trigger_http          = true
}

resource "google_cloudfunctions2_function" "webhook" {
  name     = "payment-webhook"
  location = "europe-west1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "handle"
  }
  service_config {
    ingress_settings = "ALLOW_ALL" # fail: function-v2
  }
}
