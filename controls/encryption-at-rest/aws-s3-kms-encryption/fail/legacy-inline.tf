# the inline configuration of AWS provider 3.x: CloudFormation's BucketEncryption is
# read as the separate aws_s3_bucket_server_side_encryption_configuration (main.tf)
# SSE-S3 written inline
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # fail: legacy-inline
      }
    }
  }
}
