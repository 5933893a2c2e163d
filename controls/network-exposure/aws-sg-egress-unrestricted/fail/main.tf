resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = "vpc-0a1b2c3d"

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # fail: security-group
  }
}

resource "aws_security_group" "worker" {
  name   = "worker"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_vpc_security_group_egress_rule" "worker_everything" {
  security_group_id = aws_security_group.worker.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" # fail: vpc-egress-rule
}

variable "egress_cidr" {
  type = string
}

resource "aws_vpc_security_group_egress_rule" "worker_any" {
  security_group_id = aws_security_group.worker.id
  ip_protocol       = "-1"
  cidr_ipv4         = var.egress_cidr # unknown: vpc-egress-rule
}
