resource "google_cloudfunctions_function" "resize" {
  name                         = "resize-images"
  runtime                      = "python312"
  entry_point                  = "resize"
  source_archive_bucket        = "acme-functions"
  source_archive_object        = "resize.zip"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_ALWAYS"
}

# an event-triggered function: not checked
resource "google_cloudfunctions_function" "on_upload" {
  name                  = "on-upload"
  runtime               = "python312"
  entry_point           = "on_upload"
  source_archive_bucket = "acme-functions"
  source_archive_object = "on-upload.zip"
  event_trigger {
    event_type = "google.storage.object.finalize"
    resource   = "acme-uploads"
  }
}
