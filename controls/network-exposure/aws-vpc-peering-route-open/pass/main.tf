resource "aws_vpc_peering_connection" "shared_services" {
  vpc_id      = "vpc-0a1b2c3d"
  peer_vpc_id = "vpc-4e5f6a7b"
  auto_accept = true
}

resource "aws_route" "to_shared_services" {
  route_table_id            = "rtb-0a1b2c3d"
  destination_cidr_block    = "10.50.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.shared_services.id
}

# a default route through an internet gateway: not a peering route
resource "aws_route" "internet" {
  route_table_id         = "rtb-0f1e2d3c"
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = "igw-0a1b2c3d"
}
