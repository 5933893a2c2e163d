resource "aws_opensearch_domain" "search" { # fail: domain
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type = "r6g.large.search"
  }

  ebs_options {
    ebs_enabled = true
    volume_size = 100
  }
}

resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"

  advanced_security_options {
    enabled = false # fail: domain
  }
}
