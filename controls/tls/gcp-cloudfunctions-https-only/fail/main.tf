resource "google_cloudfunctions_function" "resize" { # fail: function - no security level set
  name                  = "resize-images"
  runtime               = "python312"
  entry_point           = "resize"
  source_archive_bucket = "acme-functions"
  source_archive_object = "resize.zip"
  trigger_http          = true
}

resource "google_cloudfunctions_function" "thumbnails" {
  name                         = "thumbnails"
  runtime                      = "python312"
  entry_point                  = "thumbnails"
  source_archive_bucket        = "acme-functions"
  source_archive_object        = "thumbnails.zip"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_OPTIONAL" # fail: function
}
