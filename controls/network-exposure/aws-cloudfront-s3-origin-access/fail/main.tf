resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_cloudfront_distribution" "assets" {
  enabled = true

  origin { # fail: distribution - anonymous requests to the bucket
    domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
    origin_id   = "assets"
  }

  default_cache_behavior {
    target_origin_id       = "assets"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

resource "aws_cloudfront_distribution" "media" {
  enabled = true

  origin {
    domain_name = "acme-media.s3.eu-west-1.amazonaws.com"
    origin_id   = "media"

    s3_origin_config {
      origin_access_identity = "" # fail: distribution
    }
  }

  default_cache_behavior {
    target_origin_id       = "media"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

resource "aws_cloudfront_origin_access_control" "reports" {
  name                              = "reports"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "never" # fail: origin-access-control
  signing_protocol                  = "sigv4"
}
