# aws_security_group_rule: CloudFormation's standalone SecurityGroupIngress and
# SecurityGroupEgress rules are read as the aws_vpc_security_group_*_rule types of
# main.tf (the twin of main.cfn.yaml), so these have no CloudFormation twin

variable "db_ingress_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "postgres" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = var.db_ingress_cidrs # fail: security-group-rule
}
