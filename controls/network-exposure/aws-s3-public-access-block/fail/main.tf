# no public access block at all
resource "aws_s3_bucket" "uploads" { # fail: bucket
  bucket = "acme-customer-uploads"
}

# a block that leaves two settings off
resource "aws_s3_bucket" "reports" { # fail: bucket
  bucket = "acme-reports"
}

resource "aws_s3_bucket_public_access_block" "reports" { # fail: access-block
  bucket = aws_s3_bucket.reports.id

  block_public_acls  = true
  ignore_public_acls = true
}

variable "allow_public_policy" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "website" { # fail: bucket
  bucket = "acme-website"
}

resource "aws_s3_bucket_public_access_block" "website" {
  bucket = aws_s3_bucket.website.id

  block_public_acls       = true
  block_public_policy     = !var.allow_public_policy # fail: access-block
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "exports" { # fail: bucket
  bucket = "acme-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket = aws_s3_bucket.exports.id

  block_public_acls       = false # fail: access-block
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

variable "restrict_buckets" {
  type = bool
}

resource "aws_s3_bucket" "archive" { # unknown: bucket - its block leaves one setting to a variable
  bucket = "acme-archive"
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket = aws_s3_bucket.archive.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict_buckets # unknown: access-block
}
