resource "aws_instance" "bastion" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = "subnet-0a1b2c3d"
  associate_public_ip_address = true # fail: instance
}

resource "aws_launch_configuration" "web" {
  name_prefix                 = "web-"
  image_id                    = "ami-0123456789abcdef0"
  instance_type               = "t3.small"
  associate_public_ip_address = true # fail: instance
}

variable "public_address" {
  type = bool
}

resource "aws_instance" "from_variable" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public_address # unknown: instance
}
