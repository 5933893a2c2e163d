resource "google_bigquery_dataset" "customers" {
  dataset_id = "customers"
  location   = "EU"
  access {
    role          = "OWNER"
    user_by_email = "data-owner@example.com"
  }
  access {
    role           = "READER"
    group_by_email = "analysts@example.com"
  }
}

resource "google_bigquery_dataset_access" "reports" {
  dataset_id     = google_bigquery_dataset.customers.dataset_id
  role           = "READER"
  group_by_email = "reports@example.com"
}

resource "google_bigquery_dataset_iam_member" "api" {
  dataset_id = google_bigquery_dataset.customers.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:orders-api@acme-prod.iam.gserviceaccount.com"
}

resource "google_bigquery_dataset_iam_binding" "viewers" {
  dataset_id = google_bigquery_dataset.customers.dataset_id
  role       = "roles/bigquery.dataViewer"
  members    = ["group:analysts@example.com"]
}
