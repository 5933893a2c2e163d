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
      name  = "local_infile"
      value = "on" # fail: instance
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
      name  = "local_infile"
      value = var.flag_value # unknown: instance
    }
  }
}
