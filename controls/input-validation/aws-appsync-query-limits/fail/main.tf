resource "aws_appsync_graphql_api" "orders" { # fail: graphql-api - no depth limit by default
  name                = "orders"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "catalog" {
  name                = "catalog"
  authentication_type = "AWS_IAM"
  query_depth_limit   = 0 # fail: graphql-api
}
