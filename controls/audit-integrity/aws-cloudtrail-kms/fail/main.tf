resource "aws_cloudtrail" "main" { # fail: trail
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

variable "trail_key" {
  type = string
}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "acme-audit-trail"
  enable_log_file_validation = true
  kms_key_id                 = var.trail_key
}

resource "aws_cloudtrail_event_data_store" "lake" { # fail: event-data-store
  name                 = "lake"
  multi_region_enabled = true
  retention_period     = 365
}
