resource "aws_lb" "public" {
  name               = "orders-public"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
}

resource "aws_lb_target_group" "orders" {
  name     = "orders"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d4e5f60789"
}

resource "aws_lb_listener_rule" "actuator" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type             = "forward" # fail: listener-rule - Spring Boot actuators forwarded from the internet
    target_group_arn = aws_lb_target_group.orders.arn
  }

  condition {
    path_pattern {
      values = ["/actuator/*"]
    }
  }
}

resource "aws_lb_listener_rule" "docs" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 20

  action {
    type             = "forward" # fail: listener-rule
    target_group_arn = aws_lb_target_group.orders.arn
  }

  condition {
    path_pattern {
      values = ["/v3/api-docs*", "/Swagger-UI/*"]
    }
  }
}
