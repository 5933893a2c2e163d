resource "aws_ebs_volume" "data" { # fail: volume
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false # fail: volume
}

resource "aws_ebs_volume" "restored" { # unknown: volume
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0a1b2c3d4e5f60789"
}
