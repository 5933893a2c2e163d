resource "aws_cloudtrail" "main" { # fail: trail
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "regional" {
  name                       = "regional"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = false # fail: trail
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}

variable "all_regions" {
  type = bool
}

resource "aws_cloudtrail" "from_variable" {
  name                  = "from-variable"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = var.all_regions # unknown: trail
}
