resource "aws_appsync_graphql_api" "catalog" {
  name                = "catalog"
  authentication_type = "API_KEY" # fail: graphql-api

  additional_authentication_provider {
    authentication_type = "AMAZON_COGNITO_USER_POOLS"

    user_pool_config {
      user_pool_id = "eu-west-1_AbCdEfGhI"
    }
  }
}
