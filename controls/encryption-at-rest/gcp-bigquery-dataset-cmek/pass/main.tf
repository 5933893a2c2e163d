resource "google_bigquery_dataset" "customers" {
  dataset_id = "customers"
  location   = "EU"
  default_encryption_configuration {
    kms_key_name = "projects/acme-kms/locations/eu/keyRings/bigquery/cryptoKeys/customers"
  }
}
