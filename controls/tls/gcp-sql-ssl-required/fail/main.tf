resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings { # fail: instance - ALLOW_UNENCRYPTED_AND_ENCRYPTED by default
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    ip_configuration {
      ipv4_enabled = false
      ssl_mode     = "ALLOW_UNENCRYPTED_AND_ENCRYPTED" # fail: instance
    }
  }
}

variable "ssl_mode" {
  type = string
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ssl_mode = var.ssl_mode # unknown: instance
    }
  }
}
