resource "google_secret_manager_secret" "db_password" { # fail: secret
  secret_id = "orders-db-password"

  replication {
    auto {}
  }
}
