resource "aws_lb" "api" {
  name                       = "api"
  internal                   = false
  load_balancer_type         = "application"
  subnets                    = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  drop_invalid_header_fields = true
}

# not checked: a Network Load Balancer does not read HTTP headers
resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}
