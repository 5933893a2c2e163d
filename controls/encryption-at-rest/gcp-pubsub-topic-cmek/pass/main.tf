resource "google_pubsub_topic" "orders" {
  name         = "orders"
  kms_key_name = "projects/acme-kms/locations/europe-west1/keyRings/pubsub/cryptoKeys/orders"
}
