resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60789"]
    security_group_ids = ["sg-0a1b2c3d4e5f60789"]
  }
}
