resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name                 = "lake"
  multi_region_enabled = true
  retention_period     = 365
  kms_key_id           = aws_kms_key.trail.arn
}
