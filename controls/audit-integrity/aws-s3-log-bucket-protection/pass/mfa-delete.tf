# MFA delete: CloudFormation's VersioningConfiguration has only a Status, so this has no
# CloudFormation twin (main.cfn.yaml is main.tf's)

resource "aws_s3_bucket" "flow_logs" {
  bucket = "acme-flow-logs"
}

resource "aws_s3_bucket_versioning" "flow_logs" {
  bucket = aws_s3_bucket.flow_logs.id
  mfa    = "arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456"
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_flow_log" "vpc" {
  vpc_id               = "vpc-0a1b2c3d4e5f60789"
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}
