resource "aws_instance" "api" { # fail: instance
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  monitoring    = false # fail: instance
}

variable "detailed_monitoring" {
  type = bool
}

resource "aws_instance" "from_variable" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  monitoring    = var.detailed_monitoring # unknown: instance
}
