resource "aws_lb" "api" { # fail: load-balancer
  name               = "api"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_alb" "web" { # fail: load-balancer - the web ACL protects another load balancer
  name     = "web"
  internal = false
  subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_lb" "admin" {
  name    = "admin"
  subnets = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "admin" {
  resource_arn = aws_lb.admin.arn
  web_acl_arn  = aws_wafv2_web_acl.edge.arn
}
