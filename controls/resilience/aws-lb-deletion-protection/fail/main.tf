resource "aws_lb" "api" { # fail: load-balancer
  name               = "api"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_lb" "tcp" {
  name                       = "tcp"
  load_balancer_type         = "network"
  subnets                    = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  enable_deletion_protection = false # fail: load-balancer
}
