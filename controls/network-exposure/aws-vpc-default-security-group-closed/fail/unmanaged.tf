# the default security group is left as AWS creates it
resource "aws_vpc" "unmanaged" { # fail: vpc
  cidr_block = "10.30.0.0/16"
}
