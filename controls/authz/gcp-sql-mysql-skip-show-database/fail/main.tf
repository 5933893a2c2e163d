resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings { # fail: instance - no database flags: skip_show_database is not on
    tier = "db-n1-standard-2"
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings { # fail: instance - other flags only
    tier = "db-n1-standard-2"
    database_flags {
      name  = "log_output"
      value = "FILE"
    }
  }
}

resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    database_flags {
      name  = "log_output"
      value = "FILE"
    }
    database_flags {
      name  = "skip_show_database"
      value = "off" # fail: instance
    }
  }
}

variable "flag_value" {
  type = string
}

resource "google_sql_database_instance" "audit" {
  name             = "audit-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    database_flags {
      name  = "skip_show_database"
      value = var.flag_value # unknown: instance
    }
  }
}
