resource "aws_sns_topic" "alerts" { # fail: topic
  name = "alerts"
}
