resource "aws_s3_bucket" "trail" {
  bucket              = "acme-cloudtrail"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 365
    }
  }
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "flow_logs" {
  bucket = "acme-flow-logs"
}

resource "aws_s3_bucket_versioning" "flow_logs" {
  bucket = aws_s3_bucket.flow_logs.id
  mfa    = "arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456"
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_flow_log" "vpc" {
  vpc_id               = "vpc-0a1b2c3d4e5f60789"
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}

# receives no logs: not checked
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
