resource "aws_lb" "api" {
  name                   = "api"
  load_balancer_type     = "application"
  subnets                = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  desync_mitigation_mode = "monitor" # fail: load-balancer
}
