# standalone rules, each judged alone (CloudFormation writes only these: its network ACL has
# no rules of its own)
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = "acl-0a1b2c3d"
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # fail: network-acl-rule
  from_port      = 22
  to_port        = 22
}

variable "admin_cidr" {
  type = string
}

resource "aws_network_acl_rule" "rdp" {
  network_acl_id = "acl-0a1b2c3d"
  rule_number    = 130
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = var.admin_cidr # unknown: network-acl-rule
  from_port      = 3389
  to_port        = 3389
}
