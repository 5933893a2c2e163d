resource "aws_opensearch_domain" "search" { # fail: domain
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
}
