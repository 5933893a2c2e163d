resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
  access_policies = jsonencode({ # fail: domain
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttpGet"
      Resource  = "arn:aws:es:eu-west-1:111122223333:domain/search/*"
    }]
  })
}
