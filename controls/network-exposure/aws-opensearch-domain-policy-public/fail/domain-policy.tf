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
