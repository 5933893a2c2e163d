resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/shop-access"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}
