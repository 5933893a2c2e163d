resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"] # fail: security-group
  }
}

# a port range that covers RDP, over IPv6
resource "aws_security_group" "windows" {
  name   = "windows"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port        = 3000
    to_port          = 4000
    protocol         = "6"
    ipv6_cidr_blocks = ["::/0"] # fail: security-group
  }
}

# all protocols, all ports
resource "aws_security_group" "debug" {
  name   = "debug"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # fail: security-group
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0a1b2c3d"
}

locals {
  anywhere = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
  cidr_ipv4         = local.anywhere # fail: vpc-ingress-rule
}

resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # fail: vpc-ingress-rule
}

variable "admin_cidr" {
  type = string
}

resource "aws_vpc_security_group_ingress_rule" "ssh_admin" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.admin_cidr # unknown: vpc-ingress-rule
}
