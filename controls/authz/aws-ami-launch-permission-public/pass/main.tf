resource "aws_ami_launch_permission" "production" {
  image_id   = "ami-0123456789abcdef0"
  account_id = "111122223333"
}

resource "aws_ami_launch_permission" "organization" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = "arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5"
}
