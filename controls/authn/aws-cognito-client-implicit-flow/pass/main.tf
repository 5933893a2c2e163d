resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}

resource "aws_cognito_user_pool_client" "spa" {
  name                                 = "spa"
  user_pool_id                         = aws_cognito_user_pool.customers.id
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = ["https://app.example.com/callback"]
  supported_identity_providers         = ["COGNITO"]
}

resource "aws_cognito_user_pool_client" "backend" {
  name         = "backend"
  user_pool_id = aws_cognito_user_pool.customers.id
}
