resource "aws_appsync_graphql_api" "catalog" {
  name                = "catalog"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"

  user_pool_config {
    default_action = "ALLOW"
    user_pool_id   = "eu-west-1_AbCdEfGhI"
  }

  # public fields are marked @aws_api_key in the schema
  additional_authentication_provider {
    authentication_type = "API_KEY"
  }
}
