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

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP" # fail: listener

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# no protocol: an ALB listener defaults to HTTP
resource "aws_lb_listener" "admin" { # fail: listener
  load_balancer_arn = aws_lb.web.arn
  port              = 8080

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# a redirect that keeps the protocol (redirect.protocol defaults to #{protocol})
resource "aws_alb_listener" "legacy" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8000
  protocol          = "HTTP" # fail: listener

  default_action {
    type = "redirect"

    redirect {
      port        = "80"
      status_code = "HTTP_301"
    }
  }
}

variable "listener_protocol" {
  type    = string
  default = "HTTP"
}

resource "aws_lb_listener" "internal" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8081
  protocol          = var.listener_protocol # fail: listener

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

variable "edge_protocol" {
  type = string
}

resource "aws_lb_listener" "edge" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = var.edge_protocol # unknown: listener

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# a module-style argument left at null: HTTP, the provider's default
variable "metrics_protocol" {
  type    = string
  default = null
}

resource "aws_lb_listener" "metrics" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080
  protocol          = var.metrics_protocol # fail: listener

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
