resource "google_bigquery_dataset" "customers" {
  dataset_id = "customers"
  location   = "EU"
  access {
    role          = "OWNER"
    user_by_email = "data-owner@example.com"
  }
  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers" # fail: dataset
  }
}

resource "google_bigquery_dataset_access" "public" {
  dataset_id = google_bigquery_dataset.customers.dataset_id
  role       = "READER"
  iam_member = "allUsers" # fail: dataset-access
}

resource "google_bigquery_dataset_iam_member" "public" {
  dataset_id = google_bigquery_dataset.customers.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = "allUsers" # fail: iam-member
}

resource "google_bigquery_dataset_iam_binding" "viewers" {
  dataset_id = google_bigquery_dataset.customers.dataset_id
  role       = "roles/bigquery.dataViewer"
  members    = ["allAuthenticatedUsers"] # fail: iam-binding
}
