# no root_block_device: the AMI and the account's defaults decide
resource "aws_instance" "api" { # fail: instance
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}

resource "aws_instance" "db" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "r6i.large"

  root_block_device {
    encrypted   = true
    volume_size = 50
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    encrypted   = false # fail: instance
  }
}

resource "aws_launch_configuration" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device { # fail: instance
    volume_size = 20
  }
}

resource "aws_instance" "restored" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {
    encrypted = true
  }

  ebs_block_device { # unknown: instance
    device_name = "/dev/sdg"
    snapshot_id = "snap-0123456789abcdef0"
  }
}
