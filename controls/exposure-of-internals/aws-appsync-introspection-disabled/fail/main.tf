resource "aws_appsync_graphql_api" "orders" { # fail: graphql-api - ENABLED by default
  name                = "orders"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "catalog" {
  name                 = "catalog"
  authentication_type  = "AWS_IAM"
  introspection_config = "ENABLED" # fail: graphql-api
}
