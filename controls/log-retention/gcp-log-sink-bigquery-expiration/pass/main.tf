resource "google_bigquery_dataset" "audit_logs" {
  dataset_id = "audit_logs"
  location   = "EU"
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
  default_partition_expiration_ms = 34560000000 # 400 days
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

# a scratch dataset no sink writes to: not checked
resource "google_bigquery_dataset" "scratch" {
  dataset_id                  = "scratch"
  location                    = "EU"
  default_table_expiration_ms = 86400000
}
