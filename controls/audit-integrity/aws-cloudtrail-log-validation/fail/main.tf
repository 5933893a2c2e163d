resource "aws_cloudtrail" "main" { # fail: trail
  name                          = "main"
  s3_bucket_name                = "acme-cloudtrail"
  include_global_service_events = true
  is_multi_region_trail         = true
}

resource "aws_cloudtrail" "data_events" {
  name                       = "data-events"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = false # fail: trail
}

variable "validate_logs" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = "acme-org-cloudtrail"
  is_organization_trail      = true
  enable_log_file_validation = var.validate_logs # fail: trail
}
