resource "aws_kms_key" "ebs" {
  description         = "EBS volumes"
  enable_key_rotation = true
}

resource "aws_instance" "db" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "r6i.large"

  root_block_device {
    encrypted  = true
    kms_key_id = aws_kms_key.ebs.arn
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    encrypted   = true
    kms_key_id  = aws_kms_key.ebs.arn
  }
}
