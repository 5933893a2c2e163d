resource "aws_wafv2_web_acl" "api" {
  name  = "api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 1

    override_action {
      none {}
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
    metric_name                = "api"
    sampled_requests_enabled   = true
  }
}

# an allow list: everything else is blocked
resource "aws_wafv2_ip_set" "office" {
  name               = "office"
  scope              = "REGIONAL"
  ip_address_version = "IPV4"
  addresses          = ["203.0.113.0/24"]
}

resource "aws_wafv2_web_acl" "admin" {
  name  = "admin"
  scope = "REGIONAL"

  default_action {
    block {}
  }

  rule {
    name     = "office"
    priority = 1

    action {
      allow {}
    }

    statement {
      ip_set_reference_statement {
        arn = aws_wafv2_ip_set.office.arn
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "office"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "admin"
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
      type = "BLOCK"
    }
  }
}
