resource "aws_s3_bucket" "uploads" { # fail: bucket
  bucket = "acme-uploads"
}

resource "aws_s3_bucket" "exports" { # fail: bucket
  bucket = "acme-exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Enabled"
  }
}
