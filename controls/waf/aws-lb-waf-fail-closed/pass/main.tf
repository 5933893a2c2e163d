resource "aws_lb" "api" {
  name                 = "api"
  load_balancer_type   = "application"
  subnets              = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  enable_waf_fail_open = false
}

resource "aws_alb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}
