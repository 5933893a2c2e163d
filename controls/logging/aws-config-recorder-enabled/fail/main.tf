# records three resource types only, and is never started
resource "aws_config_configuration_recorder" "partial" { # fail: recorder-started
  name     = "partial"
  role_arn = "arn:aws:iam::123456789012:role/aws-config"

  recording_group {
    all_supported  = false # fail: recorder-scope
    resource_types = ["AWS::EC2::SecurityGroup", "AWS::S3::Bucket", "AWS::IAM::Policy"]
  }
}
