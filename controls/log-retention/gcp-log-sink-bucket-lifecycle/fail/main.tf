resource "google_storage_bucket" "audit_logs" {
  name                        = "acme-prod-audit-logs"
  location                    = "EU"
  uniform_bucket_level_access = true

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = 90 # fail: sink-bucket
    }
  }
}

resource "google_storage_bucket" "api_logs" {
  name                        = "acme-prod-api-logs"
  location                    = "EU"
  uniform_bucket_level_access = true

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      days_since_custom_time = 30 # fail: sink-bucket
    }
  }
}

resource "google_logging_project_sink" "api" {
  name        = "api-to-storage"
  destination = "storage.googleapis.com/${google_storage_bucket.api_logs.name}"
  filter      = "resource.type=\"http_load_balancer\""
}

resource "google_logging_project_sink" "audit" {
  name                   = "audit-to-storage"
  destination            = "storage.googleapis.com/${google_storage_bucket.audit_logs.name}"
  filter                 = "logName:\"cloudaudit.googleapis.com\""
  unique_writer_identity = true
}

variable "log_days" {
  type = number
}

resource "google_storage_bucket" "org_logs" {
  name                        = "acme-org-logs"
  location                    = "EU"
  uniform_bucket_level_access = true

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = var.log_days # unknown: sink-bucket
    }
  }
}

resource "google_logging_organization_sink" "all" {
  name             = "org-logs"
  org_id           = "123456789012"
  destination      = "storage.googleapis.com/${google_storage_bucket.org_logs.name}"
  include_children = true
}
