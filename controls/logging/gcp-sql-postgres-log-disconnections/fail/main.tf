resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings { # fail: instance - no database flags: log_disconnections is not on
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings { # fail: instance - other flags only
    tier = "db-custom-2-7680"
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
  }
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "off" # fail: instance
    }
  }
}

variable "flag_value" {
  type = string
}

resource "google_sql_database_instance" "audit" {
  name             = "audit-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "log_disconnections"
      value = var.flag_value # unknown: instance
    }
  }
}
