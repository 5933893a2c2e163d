resource "aws_appsync_graphql_api" "orders" { # fail: graphql-api - no log_config
  name                = "orders"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "catalog" {
  name                = "catalog"
  authentication_type = "AWS_IAM"

  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::123456789012:role/appsync-logs"
    field_log_level          = "NONE" # fail: graphql-api
  }
}
