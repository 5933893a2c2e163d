resource "aws_instance" "api" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-0a1b2c3d"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

# no metadata service at all
resource "aws_instance" "appliance" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "disabled"
  }
}
