resource "aws_appsync_graphql_api" "orders" {
  name                 = "orders"
  authentication_type  = "AWS_IAM"
  query_depth_limit    = 8
  resolver_count_limit = 500
}
