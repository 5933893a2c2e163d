resource "aws_vpc_peering_connection" "shared_services" {
  vpc_id      = "vpc-0a1b2c3d"
  peer_vpc_id = "vpc-4e5f6a7b"
  auto_accept = true
}

resource "aws_route" "to_shared_services" {
  route_table_id            = "rtb-0a1b2c3d"
  destination_cidr_block    = "0.0.0.0/0" # fail: route
  vpc_peering_connection_id = aws_vpc_peering_connection.shared_services.id
}

variable "peer_destination" {
  type = string
}

resource "aws_route" "from_variable" {
  route_table_id            = "rtb-0a1b2c3d"
  destination_cidr_block    = var.peer_destination # unknown: route
  vpc_peering_connection_id = aws_vpc_peering_connection.shared_services.id
}
