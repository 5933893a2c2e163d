resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    backup_configuration { # fail: postgres-sqlserver - backups only
      enabled = true
    }
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings { # fail: mysql - no backup_configuration
    tier = "db-n1-standard-2"
  }
}

resource "google_sql_database_instance" "ledger" {
  name             = "ledger-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    backup_configuration {
      enabled            = true
      binary_log_enabled = false # fail: mysql
    }
  }
}

variable "pitr" {
  type = bool
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = var.pitr # unknown: postgres-sqlserver
    }
  }
}
