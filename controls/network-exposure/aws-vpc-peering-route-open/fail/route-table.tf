# routes written inside the route table (CloudFormation writes each route as an
# AWS::EC2::Route, as in main.tf)
resource "aws_route_table" "app" {
  vpc_id = "vpc-0a1b2c3d"

  route {
    cidr_block     = "10.99.0.0/16"
    nat_gateway_id = "nat-0a1b2c3d4e5f60718"
  }

  route {
    ipv6_cidr_block           = "::/0" # fail: route-table
    vpc_peering_connection_id = aws_vpc_peering_connection.shared_services.id
  }
}
