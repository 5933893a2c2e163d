resource "aws_networkfirewall_firewall" "egress" { # fail: firewall
  name                = "egress"
  firewall_policy_arn = "arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/egress"
  vpc_id              = "vpc-0a1b2c3d"

  subnet_mapping {
    subnet_id = "subnet-0a1b2c3d"
  }
}
