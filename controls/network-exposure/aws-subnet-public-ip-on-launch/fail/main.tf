resource "aws_subnet" "public_a" {
  vpc_id                  = "vpc-0a1b2c3d"
  cidr_block              = "10.20.0.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true # fail: subnet
}

variable "public_ips" {
  type = bool
}

resource "aws_subnet" "public_b" {
  vpc_id                  = "vpc-0a1b2c3d"
  cidr_block              = "10.20.1.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = var.public_ips # unknown: subnet
}
