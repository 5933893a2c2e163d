# records three resource types only, and is never started
resource "aws_config_configuration_recorder" "partial" { # fail: recorder-started
  name     = "partial"
  role_arn = "arn:aws:iam::123456789012:role/aws-config"

  recording_group {
    all_supported  = false # fail: recorder-scope
    resource_types = ["AWS::EC2::SecurityGroup", "AWS::S3::Bucket", "AWS::IAM::Policy"]
  }
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/aws-config"
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = false # fail: status
}
