data "aws_ami" "ubuntu" { # fail: lookup
  most_recent = true

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

data "aws_ami" "app" { # fail: lookup
  most_recent = true
  name_regex  = "^acme-app-\\d+$"
}

variable "ami_owners" {
  type = list(string)
}

data "aws_ami" "from_variable" {
  most_recent = true
  owners      = var.ami_owners # unknown: lookup

  filter {
    name   = "name"
    values = ["acme-base-*"]
  }
}
