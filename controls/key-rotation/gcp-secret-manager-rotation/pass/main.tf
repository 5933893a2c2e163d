resource "google_pubsub_topic" "rotation" {
  name = "secret-rotation"
}

resource "google_secret_manager_secret" "db_password" {
  secret_id = "orders-db-password"

  replication {
    auto {}
  }

  topics {
    name = google_pubsub_topic.rotation.id
  }

  rotation {
    rotation_period    = "7776000s"
    next_rotation_time = "2026-01-01T00:00:00Z"
  }
}
