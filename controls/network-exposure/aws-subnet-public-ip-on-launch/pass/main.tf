resource "aws_subnet" "public_a" {
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = "10.20.0.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private_a" {
  vpc_id                  = "vpc-0a1b2c3d"
  cidr_block              = "10.20.10.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
}
