resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
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
      name  = "cross db ownership chaining"
      value = "off"
    }
  }
}

# cross db ownership chaining left at Cloud SQL's default (off)
resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "SQLSERVER_2019_STANDARD"
  region           = "europe-west1"
  root_password    = var.sqlserver_root_password
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "remote access"
      value = "off"
    }
  }
}

# not SQL Server: not checked
resource "google_sql_database_instance" "analytics" {
  name             = "analytics-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
  }
}

variable "sqlserver_root_password" {
  type      = string
  sensitive = true
}
