resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
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
      value = "off"
    }
  }
}

# local_infile left at Cloud SQL's default (off)
resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    database_flags {
      name  = "log_output"
      value = "FILE"
    }
  }
}

# not MySQL: not checked
resource "google_sql_database_instance" "analytics" {
  name             = "analytics-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
  }
}
