resource "aws_wafv2_web_acl" "api" { # fail: web-acl
  name  = "api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "api"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafregional_web_acl" "legacy" { # fail: classic-web-acl
  name        = "legacy"
  metric_name = "legacy"

  default_action {
    type = "ALLOW"
  }
}
