variable "payments_api_key" {
  type      = string
  sensitive = true
}

variable "orders_image" {
  type = string
}

# the password is a variable without default, but it is still a plain env value of the revision
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
      env {
        name  = "PAYMENTS_API_KEY"
        value = var.payments_api_key # fail: container-env
      }
    }
  }
}

# a literal token in a job
resource "google_cloud_run_v2_job" "reconcile" {
  name     = "reconcile"
  location = "europe-west1"

  template {
    template {
      containers {
        image = "europe-west1-docker.pkg.dev/acme-prod/jobs/reconcile:2.1.0"
        env {
          name  = "LEDGER_TOKEN"
          value = "b6f1c0d9e2a84f7c9d3e5a1b" # fail: container-env
        }
      }
    }
  }
}

# v1 service: a password next to its host
resource "google_cloud_run_service" "legacy" {
  name     = "legacy-api"
  location = "europe-west1"

  template {
    spec {
      containers {
        image = "gcr.io/acme-prod/legacy-api:4.2"
        env {
          name  = "DB_HOST"
          value = "10.20.0.5"
        }
        env {
          name  = "DB_PASSWORD"
          value = "Summer-2024-db" # fail: container-env
        }
      }
    }
  }
}

# the whole env list comes from a variable: it cannot be told
variable "extra_env" {
  type = list(object({ name = string, value = string }))
}

resource "google_cloud_run_v2_service" "reports" {
  name     = "reports-api"
  location = "europe-west1"

  template {
    containers {
      image = var.orders_image
      dynamic "env" { # unknown: container-env
        for_each = var.extra_env
        content {
          name  = env.value.name
          value = env.value.value
        }
      }
    }
  }
}
