# aws_security_group_rule: CloudFormation's standalone SecurityGroupIngress and
# SecurityGroupEgress rules are read as the aws_vpc_security_group_*_rule types of
# main.tf (the twin of main.cfn.yaml), so these have no CloudFormation twin

resource "aws_security_group_rule" "worker_all_tcp" {
  type              = "egress"
  security_group_id = aws_security_group.worker.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] # fail: security-group-rule
}
