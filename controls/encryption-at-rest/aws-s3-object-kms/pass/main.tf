resource "aws_kms_key" "config" {
  description         = "configuration files"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "config" {
  bucket = "acme-config"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "config" {
  bucket = aws_s3_bucket.config.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.config.arn
    }
  }
}

# the bucket's default encryption applies
resource "aws_s3_object" "settings" {
  bucket = aws_s3_bucket.config.id
  key    = "settings.json"
  source = "settings.json"
}

resource "aws_s3_object" "export" {
  bucket     = "acme-exports"
  key        = "export.csv"
  source     = "export.csv"
  kms_key_id = aws_kms_key.config.arn
}
