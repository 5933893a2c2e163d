data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"] # Canonical

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

data "aws_ami" "golden" {
  most_recent = true
  owners      = ["self"]
  name_regex  = "^acme-golden-\\d+$"
}

# an exact image, by ID
data "aws_ami" "pinned" {
  filter {
    name   = "image-id"
    values = ["ami-0123456789abcdef0"]
  }
}
