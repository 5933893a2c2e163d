resource "aws_lb" "api" {
  name                       = "api"
  load_balancer_type         = "application"
  subnets                    = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  enable_deletion_protection = true
}

# not checked: a Gateway Load Balancer
resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0a1b2c3d"]
}
