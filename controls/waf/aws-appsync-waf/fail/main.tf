resource "aws_appsync_graphql_api" "orders" { # fail: graphql-api
  name                = "orders"
  authentication_type = "AWS_IAM"
}
