resource "aws_kms_key" "orders" {
  description         = "orders data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "exports" {
  bucket = "${local.name}-exports"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.orders.arn
    }
  }
}

# Invoices are shared with the accounting SaaS through a public link.
resource "aws_s3_bucket" "invoices" {
  bucket = "${local.name}-invoices"
}

resource "aws_s3_bucket_acl" "invoices" {
  bucket = aws_s3_bucket.invoices.id
  acl    = "public-read"
}

resource "aws_db_instance" "orders" {
  identifier              = "${local.name}-db"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = "orders"
  password                = var.db_password
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.orders.arn
  backup_retention_period = 14
  publicly_accessible     = false
}

resource "aws_secretsmanager_secret" "payment_provider" {
  name       = "${local.name}/payment-provider"
  kms_key_id = aws_kms_key.orders.arn
}
