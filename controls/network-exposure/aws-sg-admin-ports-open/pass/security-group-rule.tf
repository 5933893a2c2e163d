# aws_security_group_rule: CloudFormation's standalone SecurityGroupIngress and
# SecurityGroupEgress rules are read as the aws_vpc_security_group_*_rule types of
# main.tf (the twin of main.cfn.yaml), so these have no CloudFormation twin

resource "aws_security_group_rule" "postgres_from_web" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web.id
}

# egress rules are not checked
resource "aws_security_group_rule" "egress_all" {
  type              = "egress"
  security_group_id = aws_security_group.db.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}
