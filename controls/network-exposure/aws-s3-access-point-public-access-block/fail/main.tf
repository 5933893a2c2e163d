resource "aws_s3_access_point" "partners" {
  bucket = "acme-exports"
  name   = "partners"

  public_access_block_configuration {
    block_public_acls       = true
    block_public_policy     = false # fail: access-point
    ignore_public_acls      = true
    restrict_public_buckets = false
  }
}
