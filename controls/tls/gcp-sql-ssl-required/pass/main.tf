resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = false
      ssl_mode     = "ENCRYPTED_ONLY"
    }
  }
}

resource "google_sql_database_instance" "payments" {
  name             = "payments-db"
  database_version = "SQLSERVER_2019_STANDARD"
  region           = "europe-west1"
  root_password    = var.sqlserver_root_password
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = false
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
  }
}

variable "sqlserver_root_password" {
  type      = string
  sensitive = true
}

# google provider 5.x
resource "google_sql_database_instance" "legacy" {
  name             = "legacy-db"
  database_version = "MYSQL_5_7"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-1"
    ip_configuration {
      require_ssl = true
    }
  }
}
