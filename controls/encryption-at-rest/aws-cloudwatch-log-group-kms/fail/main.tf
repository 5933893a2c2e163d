resource "aws_cloudwatch_log_group" "api_access" { # fail: log-group
  name              = "/aws/apigateway/shop-access"
  retention_in_days = 365
}
