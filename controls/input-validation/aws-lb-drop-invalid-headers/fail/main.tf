resource "aws_lb" "api" { # fail: load-balancer - not set: headers are passed on as they come
  name               = "api"
  internal           = false
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_alb" "legacy" {
  name                       = "legacy"
  subnets                    = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  drop_invalid_header_fields = false # fail: load-balancer
}

# a module-style type left at null is an Application Load Balancer
variable "partners_lb_type" {
  type    = string
  default = null
}

resource "aws_lb" "partners" { # fail: load-balancer
  name               = "partners"
  load_balancer_type = var.partners_lb_type
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}
