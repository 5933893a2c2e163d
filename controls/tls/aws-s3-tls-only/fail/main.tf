resource "aws_s3_bucket" "uploads" { # fail: bucket
  bucket = "acme-uploads"
}

resource "aws_s3_bucket" "site" { # fail: bucket - its policy has no TLS statement
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
