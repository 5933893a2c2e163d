resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail"
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 400
    }
  }

  # a disabled rule is not applied
  rule {
    id     = "old"
    status = "Disabled"
    filter {}
    expiration {
      days = 7
    }
  }
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "flow_logs" {
  bucket = "acme-flow-logs"

  lifecycle_rule {
    id      = "expire"
    enabled = true
    expiration {
      days = 365
    }
  }
}

resource "aws_flow_log" "vpc" {
  vpc_id               = "vpc-0a1b2c3d4e5f60789"
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}

# a bucket that receives no logs: not checked
resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}
