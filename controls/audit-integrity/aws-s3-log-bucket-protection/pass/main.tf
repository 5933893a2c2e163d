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

# receives no logs: not checked
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
