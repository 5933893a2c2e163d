resource "google_pubsub_topic_iam_member" "publishers" {
  topic  = "orders"
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:orders-api@acme-prod.iam.gserviceaccount.com"
}

resource "google_pubsub_subscription_iam_binding" "readers" {
  subscription = "orders-audit"
  role         = "roles/pubsub.subscriber"
  members      = ["serviceAccount:audit@acme-prod.iam.gserviceaccount.com"]
}
