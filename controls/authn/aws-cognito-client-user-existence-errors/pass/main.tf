resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}

resource "aws_cognito_user_pool_client" "web" {
  name                          = "web"
  user_pool_id                  = aws_cognito_user_pool.customers.id
  prevent_user_existence_errors = "ENABLED"
}
