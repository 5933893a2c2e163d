# aws_security_group_rule: CloudFormation's standalone SecurityGroupIngress and
# SecurityGroupEgress rules are read as the aws_vpc_security_group_*_rule types of
# main.tf (the twin of main.cfn.yaml), so these have no CloudFormation twin

resource "aws_security_group_rule" "dns" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 53
  to_port           = 53
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
}

# ingress rules are not checked here
resource "aws_security_group_rule" "https_in" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
