resource "aws_cloudwatch_log_destination" "siem" {
  name       = "siem"
  role_arn   = "arn:aws:iam::123456789012:role/cwl-to-kinesis"
  target_arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/siem-ingest"
}

resource "aws_cloudwatch_log_destination_policy" "siem" {
  destination_name = aws_cloudwatch_log_destination.siem.name
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # fail: policy
      Action    = "logs:PutSubscriptionFilter"
      Resource  = aws_cloudwatch_log_destination.siem.arn
    }]
  })
}
