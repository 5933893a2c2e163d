resource "aws_appsync_graphql_api" "orders" {
  name                 = "orders"
  authentication_type  = "AWS_IAM"
  introspection_config = "DISABLED"
}
