resource "aws_opensearch_domain" "search" { # fail: domain
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = false # fail: domain
  }
}
