resource "google_secret_manager_secret" "payments_api_key" {
  secret_id = "payments-api-key"
  replication {
    auto {}
  }
}

resource "google_cloud_run_v2_service" "orders" {
  name     = "orders-api"
  location = "europe-west1"
  ingress  = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"

  template {
    service_account = "orders-api@acme-prod.iam.gserviceaccount.com"
    containers {
      image = "europe-west1-docker.pkg.dev/acme-prod/apis/orders:1.8.0"
      env {
        name  = "DB_USER"
        value = "orders"
      }
      # not credentials: a file the secret is mounted at, and a switch
      env {
        name  = "DB_PASSWORD_FILE"
        value = "/secrets/db/password"
      }
      env {
        name  = "REQUIRE_TOKEN"
        value = "true"
      }
      env {
        name = "PAYMENTS_API_KEY"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.payments_api_key.secret_id
            version = "latest"
          }
        }
      }
      volume_mounts {
        name       = "db"
        mount_path = "/secrets/db"
      }
    }
    volumes {
      name = "db"
      secret {
        secret = "orders-db-password"
        items {
          version = "latest"
          path    = "password"
        }
      }
    }
  }
}

resource "google_cloud_run_service" "legacy" {
  name     = "legacy-api"
  location = "europe-west1"

  template {
    spec {
      containers {
        image = "gcr.io/acme-prod/legacy-api:4.2"
        env {
          name = "DB_PASSWORD"
          value_from {
            secret_key_ref {
              name = "legacy-db-password"
              key  = "latest"
            }
          }
        }
      }
    }
  }
}
