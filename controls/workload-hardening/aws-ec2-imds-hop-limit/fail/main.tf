variable "hop_limit" {
  type = number
}

resource "aws_instance" "docker_host" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.large"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = var.hop_limit # unknown: instance
  }
}
