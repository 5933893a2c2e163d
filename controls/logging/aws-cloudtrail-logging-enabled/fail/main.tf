resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  enable_logging             = false # fail: trail
}

variable "trail_on" {
  type = bool
}

resource "aws_cloudtrail" "from_variable" {
  name           = "from-variable"
  s3_bucket_name = "acme-cloudtrail"
  enable_logging = var.trail_on # unknown: trail
}
