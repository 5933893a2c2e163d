resource "aws_kinesis_firehose_delivery_stream" "access_logs" {
  name        = "api-access-logs"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  extended_s3_configuration {
    role_arn    = "arn:aws:iam::123456789012:role/firehose-delivery"
    bucket_arn  = "arn:aws:s3:::acme-access-logs"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

# reads from an (encrypted) Kinesis data stream: not checked
resource "aws_kinesis_firehose_delivery_stream" "from_stream" {
  name        = "from-stream"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/events"
    role_arn           = "arn:aws:iam::123456789012:role/firehose-source"
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose-delivery"
    bucket_arn = "arn:aws:s3:::acme-events"
  }
}
