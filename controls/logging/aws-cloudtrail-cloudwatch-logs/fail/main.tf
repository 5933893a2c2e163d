resource "aws_cloudtrail" "main" { # fail: trail
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

# a log group but no role to write to it: CloudTrail refuses the pair, and so does this control
resource "aws_cloudtrail" "no_role" { # fail: trail
  name                       = "no-role"
  s3_bucket_name             = "acme-cloudtrail"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:cloudtrail:*"
}
