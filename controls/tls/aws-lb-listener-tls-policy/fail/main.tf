resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d"
}

# no ssl_policy: the API default ELBSecurityPolicy-2016-08 accepts TLS 1.0
resource "aws_lb_listener" "https" { # fail: listener
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "https_alt" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-1-2017-01" # fail: listener
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_alb_listener" "legacy" {
  load_balancer_arn = aws_lb.web.arn
  port              = 9443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-0-2021-06" # fail: listener
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

locals {
  compat_policy = "ELBSecurityPolicy-2016-08"
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d"]
}

resource "aws_lb_listener" "nlb_tls" {
  load_balancer_arn = aws_lb.tcp.arn
  port              = 443
  protocol          = "TLS"
  ssl_policy        = local.compat_policy # fail: listener
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455557777"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

variable "tls_policy" {
  type = string
}

resource "aws_lb_listener" "https_partner" {
  load_balancer_arn = aws_lb.web.arn
  port              = 10443
  protocol          = "HTTPS"
  ssl_policy        = var.tls_policy # unknown: listener
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
