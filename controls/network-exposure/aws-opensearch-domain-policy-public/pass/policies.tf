# in a VPC: an open policy is the documented setup, not checked
resource "aws_opensearch_domain" "internal" {
  domain_name    = "internal"
  engine_version = "OpenSearch_2.13"

  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60789"]
    security_group_ids = ["sg-0a1b2c3d4e5f60789"]
  }
}

resource "aws_opensearch_domain_policy" "internal" {
  domain_name = aws_opensearch_domain.internal.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/internal/*"
    }]
  })
}

resource "aws_opensearch_domain_policy" "search_readers" {
  domain_name = aws_opensearch_domain.search.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/search-reader" }
      Action    = "es:ESHttpGet"
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/search/*"
    }]
  })
}
