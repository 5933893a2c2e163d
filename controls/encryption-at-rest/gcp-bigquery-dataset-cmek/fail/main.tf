resource "google_bigquery_dataset" "customers" { # fail: dataset - Google-managed keys
  dataset_id = "customers"
  location   = "EU"
}
