resource "google_storage_bucket" "uploads" {
  name                        = "acme-prod-uploads"
  location                    = "EU"
  uniform_bucket_level_access = true

  logging {
    log_bucket = "acme-prod-uploads" # fail: bucket
  }
}

variable "bucket_name" {
  type = string
}

# the same variable on both sides: the same bucket, but two values without value are not compared
resource "google_storage_bucket" "exports" {
  name                        = var.bucket_name
  location                    = "EU"
  uniform_bucket_level_access = true

  logging {
    log_bucket = var.bucket_name # unknown: bucket
  }
}

variable "log_bucket_name" {
  type = string
}

resource "google_storage_bucket" "reports" {
  name                        = "acme-prod-reports"
  location                    = "EU"
  uniform_bucket_level_access = true

  logging {
    log_bucket = var.log_bucket_name # unknown: bucket
  }
}
