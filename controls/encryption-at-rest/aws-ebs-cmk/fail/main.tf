resource "aws_ebs_volume" "data" { # fail: volume
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}
