resource "aws_instance" "api" { # fail: instance
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-0a1b2c3d"
}

resource "aws_launch_configuration" "legacy" {
  name_prefix   = "legacy-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional" # fail: instance
  }
}

variable "imds_tokens" {
  type = string
}

resource "aws_instance" "from_variable" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = var.imds_tokens # unknown: instance
  }
}
