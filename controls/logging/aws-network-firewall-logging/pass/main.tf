resource "aws_networkfirewall_firewall" "egress" {
  name                = "egress"
  firewall_policy_arn = "arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/egress"
  vpc_id              = "vpc-0a1b2c3d"

  subnet_mapping {
    subnet_id = "subnet-0a1b2c3d"
  }
}

resource "aws_networkfirewall_logging_configuration" "egress" {
  firewall_arn = aws_networkfirewall_firewall.egress.arn

  logging_configuration {
    log_destination_config {
      log_destination = {
        bucketName = "acme-network-firewall-logs"
      }
      log_destination_type = "S3"
      log_type             = "ALERT"
    }

    log_destination_config {
      log_destination = {
        bucketName = "acme-network-firewall-logs"
      }
      log_destination_type = "S3"
      log_type             = "FLOW"
    }
  }
}
