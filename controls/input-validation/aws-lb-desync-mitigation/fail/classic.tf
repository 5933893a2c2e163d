# CloudFormation has no desync mitigation mode for a Classic Load Balancer: no template twin
resource "aws_elb" "legacy" {
  name                   = "legacy"
  availability_zones     = ["eu-west-1a", "eu-west-1b"]
  desync_mitigation_mode = "monitor" # fail: classic

  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  }
}
