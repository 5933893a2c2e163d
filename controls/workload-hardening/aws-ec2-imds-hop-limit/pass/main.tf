# unset: the provider's default of 1
resource "aws_instance" "api" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = "required"
  }
}
