resource "google_pubsub_topic_iam_member" "publishers" {
  topic  = "orders"
  role   = "roles/pubsub.publisher"
  member = "allAuthenticatedUsers" # fail: iam-member
}

resource "google_pubsub_subscription_iam_binding" "readers" {
  subscription = "orders-audit"
  role         = "roles/pubsub.subscriber"
  members      = ["allUsers"] # fail: iam-binding
}
