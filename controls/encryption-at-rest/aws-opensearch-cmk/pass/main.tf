resource "aws_kms_key" "search" {
  description         = "OpenSearch"
  enable_key_rotation = true
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.search.arn
  }
}
