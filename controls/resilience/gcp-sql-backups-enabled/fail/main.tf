resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings { # fail: instance - no backup_configuration
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    backup_configuration {
      enabled = false # fail: instance
    }
  }
}

variable "backups" {
  type = bool
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    backup_configuration {
      enabled = var.backups # unknown: instance
    }
  }
}
