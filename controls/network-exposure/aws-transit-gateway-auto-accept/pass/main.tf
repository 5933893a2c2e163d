resource "aws_ec2_transit_gateway" "hub" {
  description                     = "network hub"
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
}

resource "aws_ec2_transit_gateway" "explicit" {
  description                    = "explicit"
  auto_accept_shared_attachments = "disable"
}
