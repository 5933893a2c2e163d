resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["es:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_elasticsearch_domain_policy" "logs" {
  domain_name     = aws_elasticsearch_domain.logs.domain_name
  access_policies = data.aws_iam_policy_document.logs.json # fail: domain-policy
}

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
