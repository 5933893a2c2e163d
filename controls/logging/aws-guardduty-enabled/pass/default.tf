# enable left out: true (CloudFormation's Detector requires Enable, so this sample has no
# CloudFormation twin)
resource "aws_guardduty_detector" "secondary" {}
