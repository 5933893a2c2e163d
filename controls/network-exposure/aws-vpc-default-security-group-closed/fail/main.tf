resource "aws_vpc" "main" { # fail: vpc
  cidr_block = "10.20.0.0/16"
}

resource "aws_default_security_group" "main" { # fail: default-security-group
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_vpc" "shared" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_default_security_group" "shared" { # fail: default-security-group
  vpc_id = aws_vpc.shared.id
}

resource "aws_vpc_security_group_egress_rule" "shared_https" {
  security_group_id = aws_default_security_group.shared.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
