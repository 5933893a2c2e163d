resource "google_sql_database_instance" "reports" {
  name             = "reports-db"
  database_version = "SQLSERVER_2019_STANDARD"
  region           = "europe-west1"
  root_password    = var.sqlserver_root_password
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "remote access"
      value = "off"
    }
    database_flags {
      name  = "contained database authentication"
      value = "on" # fail: instance
    }
  }
}

variable "flag_value" {
  type = string
}

resource "google_sql_database_instance" "audit" {
  name             = "audit-db"
  database_version = "SQLSERVER_2019_STANDARD"
  region           = "europe-west1"
  root_password    = var.sqlserver_root_password
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "contained database authentication"
      value = var.flag_value # unknown: instance
    }
  }
}

variable "sqlserver_root_password" {
  type      = string
  sensitive = true
}
