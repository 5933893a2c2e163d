resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.orders.arn
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${local.name}-handler"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudtrail" "audit" {
  name                       = "${local.name}-audit"
  s3_bucket_name             = aws_s3_bucket.exports.id
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.orders.arn
}
