# the inline configuration of AWS provider 3.x: CloudFormation's BucketEncryption is
# read as the separate aws_s3_bucket_server_side_encryption_configuration (main.tf); the key is main.tf's
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.data.arn
      }
    }
  }
}
