resource "google_cloudfunctions_function" "notify" {
  name                  = "notify"
  runtime               = "python312"
  entry_point           = "handle"
  source_archive_bucket = "acme-functions-src"
  source_archive_object = "notify-1.4.0.zip"
  trigger_http          = true

  environment_variables = {
    CHANNEL          = "#alerts"
    TOKEN_AUDIENCE   = "https://notify.example.com"
    SLACK_TOKEN_PATH = "/etc/secrets/slack"
  }

  secret_environment_variables {
    key        = "SLACK_TOKEN"
    project_id = "acme-prod"
    secret     = "slack-token"
    version    = "latest"
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
      LOG_LEVEL = "info"
    }
    secret_environment_variables {
      key        = "STRIPE_WEBHOOK_SECRET"
      project_id = "acme-prod"
      secret     = "stripe-webhook-secret"
      version    = "latest"
    }
  }
}
