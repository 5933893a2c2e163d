resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.customers.id
}

resource "aws_cognito_identity_pool" "app" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = false

  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.web.id
    provider_name           = aws_cognito_user_pool.customers.endpoint
    server_side_token_check = true
  }
}

resource "aws_cognito_identity_pool" "partners" {
  identity_pool_name = "partners"
}
