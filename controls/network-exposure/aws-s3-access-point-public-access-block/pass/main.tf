resource "aws_s3_access_point" "analytics" {
  bucket = "acme-exports"
  name   = "analytics"

  vpc_configuration {
    vpc_id = "vpc-0a1b2c3d4e5f60789"
  }
}

resource "aws_s3_access_point" "partners" {
  bucket = "acme-exports"
  name   = "partners"

  public_access_block_configuration {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
