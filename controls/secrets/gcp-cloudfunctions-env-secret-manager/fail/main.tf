variable "slack_token" {
  type      = string
  sensitive = true
}

resource "google_cloudfunctions_function" "notify" {
  name                  = "notify"
  runtime               = "python312"
  entry_point           = "handle"
  source_archive_bucket = "acme-functions-src"
  source_archive_object = "notify-1.4.0.zip"
  trigger_http          = true

  environment_variables = {
    CHANNEL     = "#alerts"
    SLACK_TOKEN = var.slack_token # fail: function-env - from a variable, still a plain value
  }
}

resource "google_cloudfunctions2_function" "webhook" {
  name     = "stripe-webhook"
  location = "europe-west1"

  build_config {
    runtime     = "nodejs20"
    entry_point = "webhook"
    source {
      storage_source {
        bucket = "acme-functions-src"
        object = "webhook-2.0.1.zip"
      }
    }
  }

  service_config {
    environment_variables = {
      STRIPE_WEBHOOK_SECRET = "whsec_9f8e7d6c5b4a3f2e1d0c" # fail: function-env
    }
  }
}

# a private registry token given to the build
resource "google_cloudfunctions2_function" "render" {
  name     = "render"
  location = "europe-west1"

  build_config {
    runtime     = "nodejs20"
    entry_point = "render"
    environment_variables = {
      NPM_TOKEN = "npm_4f9cA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6" # fail: function-env
    }
    source {
      storage_source {
        bucket = "acme-functions-src"
        object = "render-0.9.0.zip"
      }
    }
  }
}

variable "function_env" {
  type = map(string)
}

resource "google_cloudfunctions_function" "export" {
  name                  = "export"
  runtime               = "python312"
  entry_point           = "handle"
  source_archive_bucket = "acme-functions-src"
  source_archive_object = "export-1.0.0.zip"
  trigger_http          = true
  environment_variables = var.function_env # unknown: function-env
}
