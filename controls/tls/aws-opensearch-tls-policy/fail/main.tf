resource "aws_opensearch_domain" "search" { # fail: domain
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # fail: domain
  }
}
