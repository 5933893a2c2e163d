# a status that stops the recorder (CloudFormation's StartedOnCreate: false); CloudFormation
# cannot write main.tf's recorder without a status: it starts the recorders it creates
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/aws-config"
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = false # fail: status
}
