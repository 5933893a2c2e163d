resource "google_sql_database_instance" "orders" {
  name             = "orders-db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      backup_retention_settings {
        retained_backups = 30
      }
    }
  }
}

# a read replica: backups are taken on the primary
resource "google_sql_database_instance" "orders_replica" {
  name                 = "orders-db-replica"
  database_version     = "POSTGRES_15"
  region               = "europe-west4"
  master_instance_name = google_sql_database_instance.orders.name
  settings {
    tier = "db-custom-2-7680"
  }
}
