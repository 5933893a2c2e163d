resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7
    }
  }
}

resource "google_sql_database_instance" "billing" {
  name             = "billing-db"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"
  settings {
    tier = "db-n1-standard-2"
    backup_configuration {
      enabled            = true
      binary_log_enabled = true
    }
  }
}

# a read replica: recovery is configured on the primary
resource "google_sql_database_instance" "billing_replica" {
  name                 = "billing-db-replica"
  database_version     = "MYSQL_8_0"
  region               = "europe-west4"
  master_instance_name = google_sql_database_instance.billing.name
  settings {
    tier = "db-n1-standard-2"
  }
}
