resource "aws_guardduty_detector" "main" {
  enable = false # fail: detector
}

variable "guardduty_on" {
  type = bool
}

resource "aws_guardduty_detector" "from_variable" {
  enable = var.guardduty_on # unknown: detector
}
