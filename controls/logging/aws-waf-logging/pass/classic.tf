# logging of a classic web ACL: CloudFormation has no logging configuration for classic
# WAF, so this has no CloudFormation twin

resource "aws_waf_web_acl" "legacy" {
  name        = "legacy"
  metric_name = "legacy"

  default_action {
    type = "ALLOW"
  }

  logging_configuration {
    log_destination = "arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-legacy"
  }
}
