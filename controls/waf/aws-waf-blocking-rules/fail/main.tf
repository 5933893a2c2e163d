resource "aws_wafv2_web_acl" "empty" { # fail: web-acl - no rules, allow by default
  name  = "empty"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "empty"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "counting" {
  name  = "counting"
  scope = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule { # fail: web-acl - the managed rules only count
    name     = "common"
    priority = 1

    override_action {
      count {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "counting"
    sampled_requests_enabled   = true
  }
}

resource "aws_waf_web_acl" "classic" {
  name        = "classic"
  metric_name = "classic"

  default_action {
    type = "ALLOW"
  }

  rules {
    priority = 1
    rule_id  = "a1b2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
    type     = "REGULAR"

    action {
      type = "COUNT" # fail: classic-web-acl
    }
  }
}

resource "aws_wafregional_web_acl" "regional" { # fail: regional-web-acl
  name        = "regional"
  metric_name = "regional"

  default_action {
    type = "ALLOW"
  }
}
