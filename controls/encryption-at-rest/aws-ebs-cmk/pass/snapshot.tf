# CloudFormation cannot copy an EBS snapshot: no twin
resource "aws_ebs_snapshot_copy" "data_dr" {
  source_snapshot_id = "snap-0a1b2c3d4e5f60789"
  source_region      = "eu-west-1"
  encrypted          = true
  kms_key_id         = aws_kms_key.ebs.arn
}
