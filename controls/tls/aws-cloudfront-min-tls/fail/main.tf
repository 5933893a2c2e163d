resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "site-assets.s3.eu-west-1.amazonaws.com"
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
    cloudfront_default_certificate = true # fail: distribution
  }
}

resource "aws_cloudfront_distribution" "shop" {
  enabled = true
  aliases = ["shop.example.com"]

  origin {
    domain_name = "shop-assets.s3.eu-west-1.amazonaws.com"
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
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.1_2016" # fail: distribution
  }
}

# minimum_protocol_version left out: CloudFront uses TLSv1
resource "aws_cloudfront_distribution" "blog" {
  enabled = true
  aliases = ["blog.example.com"]

  origin {
    domain_name = "blog-assets.s3.eu-west-1.amazonaws.com"
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

  viewer_certificate { # fail: distribution - the block lacks the setting
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455557777"
    ssl_support_method  = "sni-only"
  }
}

variable "cdn_tls_floor" {
  type    = string
  default = "TLSv1_2016"
}

resource "aws_cloudfront_distribution" "media" {
  enabled = true
  aliases = ["media.example.com"]

  origin {
    domain_name = "media-assets.s3.eu-west-1.amazonaws.com"
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
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455558888"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = var.cdn_tls_floor # fail: distribution
  }
}
