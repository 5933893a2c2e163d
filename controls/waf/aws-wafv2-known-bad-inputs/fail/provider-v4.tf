# written for AWS provider 4.x, which switched rules of a managed group to count with
# excluded_rule
resource "aws_wafv2_web_acl" "legacy" {
  name  = "legacy"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "bad-inputs"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"

        excluded_rule {
          name = "Log4JRCE" # fail: web-acl
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "legacy"
    sampled_requests_enabled   = true
  }
}
