resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_alb" "web" {
  name    = "web"
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

resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_lb.api.arn
  web_acl_arn  = aws_wafv2_web_acl.edge.arn
}

resource "aws_wafregional_web_acl_association" "web" {
  resource_arn = aws_alb.web.arn
  web_acl_id   = "3f1d2c4b-5a6e-7f80-9a1b-2c3d4e5f6a7b"
}

# not checked: internal, and a Network Load Balancer
resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
  subnets  = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}
