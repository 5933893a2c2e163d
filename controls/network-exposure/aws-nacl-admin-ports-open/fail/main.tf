resource "aws_network_acl" "public" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }

  ingress {
    rule_no    = 110
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0" # fail: network-acl
    from_port  = 22
    to_port    = 22
  }
}

# all traffic, over IPv6
resource "aws_network_acl" "open" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no         = 100
    protocol        = "-1"
    action          = "allow"
    ipv6_cidr_block = "::/0" # fail: network-acl
    from_port       = 0
    to_port         = 0
  }
}

# a deny with a higher number comes too late
resource "aws_network_acl" "late_deny" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0" # fail: network-acl
    from_port  = 1024
    to_port    = 65535
  }

  ingress {
    rule_no    = 200
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }
}
