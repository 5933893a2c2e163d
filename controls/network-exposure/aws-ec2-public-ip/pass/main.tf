resource "aws_instance" "api" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-0a1b2c3d"
}

resource "aws_launch_configuration" "web" {
  name_prefix                 = "web-"
  image_id                    = "ami-0123456789abcdef0"
  instance_type               = "t3.small"
  associate_public_ip_address = false
}
