# encrypted, but a password is all a client needs
resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY" # fail: instance
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
    }
  }
}

# public IP by default, nothing required
resource "google_sql_database_instance" "reports" {
  name             = "reports"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings { # fail: instance
    tier = "db-n1-standard-1"
  }
}

variable "ssl_mode" {
  type = string
}

resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ssl_mode = var.ssl_mode # unknown: instance
    }
  }
}
