resource "google_pubsub_topic" "orders" { # fail: topic - Google-managed keys
  name = "orders"
}
