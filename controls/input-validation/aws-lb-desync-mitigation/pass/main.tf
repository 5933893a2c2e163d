resource "aws_lb" "api" {
  name                   = "api"
  load_balancer_type     = "application"
  subnets                = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  desync_mitigation_mode = "strictest"
}

# the default is defensive
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["eu-west-1a", "eu-west-1b"]

  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  }
}

# not checked: a Network Load Balancer
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

# module-style arguments left at null: an Application Load Balancer in defensive mode
variable "partners_lb_type" {
  type    = string
  default = null
}

variable "partners_desync_mode" {
  type    = string
  default = null
}

resource "aws_lb" "partners" {
  name                   = "partners"
  load_balancer_type     = var.partners_lb_type
  subnets                = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  desync_mitigation_mode = var.partners_desync_mode
}
