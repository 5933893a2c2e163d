resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}

resource "aws_cognito_user_pool_client" "web" { # fail: app-client - LEGACY when unset
  name         = "web"
  user_pool_id = aws_cognito_user_pool.customers.id
}

resource "aws_cognito_user_pool_client" "mobile" {
  name                          = "mobile"
  user_pool_id                  = aws_cognito_user_pool.customers.id
  prevent_user_existence_errors = "LEGACY" # fail: app-client
}
