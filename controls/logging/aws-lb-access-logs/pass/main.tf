resource "aws_s3_bucket" "lb_logs" {
  bucket = "acme-lb-logs"
}

resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]

  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "api"
    enabled = true
  }
}

# enabled defaults to true on a Classic Load Balancer
resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["eu-west-1a", "eu-west-1b"]

  access_logs {
    bucket        = aws_s3_bucket.lb_logs.id
    bucket_prefix = "legacy"
    interval      = 5
  }

  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  }
}

# not checked: a Network Load Balancer that only passes TCP through logs nothing
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.tcp.arn
  port              = 5432
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/db/0123456789abcdef"
  }
}

# not checked: Gateway Load Balancers have no access logs
resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0a1b2c3d"]
}
