resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudFrontRead"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
      Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE" } }
    }]
  })
}

# open to the principal's own organization only
resource "aws_s3_bucket_policy" "shared" {
  bucket = "acme-shared-artifacts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-shared-artifacts/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

# "allow everyone, deny unless through our VPC endpoint"
resource "aws_s3_bucket_policy" "internal" {
  bucket = "acme-internal"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::acme-internal/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::acme-internal", "arn:aws:s3:::acme-internal/*"]
        Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d4e5f60789" } }
      }
    ]
  })
}
