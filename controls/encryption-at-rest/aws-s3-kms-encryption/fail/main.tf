# no default encryption configured: S3 applies SSE-S3 only
resource "aws_s3_bucket" "uploads" { # fail: bucket
  bucket = "acme-customer-uploads"
}

resource "aws_s3_bucket" "reports" { # fail: bucket
  bucket = "acme-reports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

variable "exports_sse" {
  type    = string
  default = "AES256"
}

resource "aws_s3_bucket" "exports" { # fail: bucket
  bucket = "acme-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.exports_sse
    }
  }
}
