# egress rules are not checked
resource "aws_network_acl_rule" "egress_all" {
  network_acl_id = "acl-0a1b2c3d"
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "https" {
  network_acl_id = "acl-0a1b2c3d"
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}
