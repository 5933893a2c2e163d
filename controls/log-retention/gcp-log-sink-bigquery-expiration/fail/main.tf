resource "google_bigquery_dataset" "audit_logs" {
  dataset_id                  = "audit_logs"
  location                    = "EU"
  default_table_expiration_ms = 2592000000 # fail: sink-dataset - 30 days
}

resource "google_logging_project_sink" "audit" {
  name                   = "audit-to-bigquery"
  destination            = "bigquery.googleapis.com/projects/acme-prod/datasets/${google_bigquery_dataset.audit_logs.dataset_id}"
  filter                 = "logName:\"cloudaudit.googleapis.com\""
  unique_writer_identity = true
}

resource "google_bigquery_dataset" "api_logs" {
  dataset_id                      = "api_logs"
  location                        = "EU"
  default_partition_expiration_ms = 7776000000 # fail: sink-dataset - 90 days
}

resource "google_logging_project_sink" "api" {
  name                   = "api-to-bigquery"
  destination            = "bigquery.googleapis.com/projects/acme-prod/datasets/${google_bigquery_dataset.api_logs.dataset_id}"
  filter                 = "resource.type=\"http_load_balancer\""
  unique_writer_identity = true

  bigquery_options {
    use_partitioned_tables = true
  }
}
