resource "aws_vpc" "main" { # fail: vpc
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.1.0/24"
}

# a subnet's flow log does not cover the VPC
resource "aws_flow_log" "app_subnet" {
  subnet_id            = aws_subnet.app.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
