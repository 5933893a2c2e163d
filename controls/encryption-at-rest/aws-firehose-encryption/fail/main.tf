resource "aws_kinesis_firehose_delivery_stream" "access_logs" { # fail: stream
  name        = "api-access-logs"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn    = "arn:aws:iam::123456789012:role/firehose-delivery"
    bucket_arn  = "arn:aws:s3:::acme-access-logs"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

resource "aws_kinesis_firehose_delivery_stream" "siem" {
  name        = "siem"
  destination = "splunk"

  server_side_encryption {
    enabled = false # fail: stream
  }

  splunk_configuration {
    hec_endpoint               = "https://http-inputs-acme.splunkcloud.com:443"
    hec_token                  = var.hec_token
    hec_acknowledgment_timeout = 600
    hec_endpoint_type          = "Event"
    s3_backup_mode             = "FailedEventsOnly"

    s3_configuration {
      role_arn   = "arn:aws:iam::123456789012:role/firehose-delivery"
      bucket_arn = "arn:aws:s3:::acme-siem-backup"
    }
  }
}

variable "hec_token" {
  type      = string
  sensitive = true
}

variable "encrypt_stream" {
  type = bool
}

resource "aws_kinesis_firehose_delivery_stream" "events" {
  name        = "events"
  destination = "extended_s3"

  server_side_encryption {
    enabled = var.encrypt_stream # unknown: stream
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose-delivery"
    bucket_arn = "arn:aws:s3:::acme-events"
  }
}
