resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
  }
}

# only the Auth Proxy and connectors may connect
resource "google_sql_database_instance" "reports" {
  name             = "reports"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier                  = "db-n1-standard-1"
    connector_enforcement = "REQUIRED"
    ip_configuration {
      ssl_mode = "ENCRYPTED_ONLY"
    }
  }
}

# private IP only: not checked
resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-prod/global/networks/apis"
      ssl_mode        = "ENCRYPTED_ONLY"
    }
  }
}
