resource "aws_ec2_transit_gateway" "hub" {
  description                    = "network hub"
  auto_accept_shared_attachments = "enable" # fail: transit-gateway
}

variable "auto_accept" {
  type = string
}

resource "aws_ec2_transit_gateway" "from_variable" {
  description                    = "from variable"
  auto_accept_shared_attachments = var.auto_accept # unknown: transit-gateway
}
