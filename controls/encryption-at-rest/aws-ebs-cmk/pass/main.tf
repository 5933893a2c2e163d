resource "aws_kms_key" "ebs" {
  description         = "EBS volumes"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_snapshot_copy" "data_dr" {
  source_snapshot_id = "snap-0a1b2c3d4e5f60789"
  source_region      = "eu-west-1"
  encrypted          = true
  kms_key_id         = aws_kms_key.ebs.arn
}
