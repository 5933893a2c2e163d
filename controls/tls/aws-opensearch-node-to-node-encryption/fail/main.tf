resource "aws_opensearch_domain" "search" { # fail: domain
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type  = "r6g.large.search"
    instance_count = 3
  }
}

resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"

  node_to_node_encryption {
    enabled = false # fail: domain
  }
}
