resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = true
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
      authorized_networks {
        name  = "anywhere"
        value = "0.0.0.0/0" # fail: instance
      }
    }
  }
}

locals {
  client_ranges = {
    partners = "198.51.100.0/24"
    all      = "0.0.0.0/0"
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    ip_configuration {
      dynamic "authorized_networks" {
        for_each = local.client_ranges
        content {
          name  = authorized_networks.key
          value = authorized_networks.value # fail: instance
        }
      }
    }
  }
}

variable "client_range" {
  type = string
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      authorized_networks {
        name  = "clients"
        value = var.client_range # unknown: instance
      }
    }
  }
}
