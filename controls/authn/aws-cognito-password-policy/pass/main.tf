resource "aws_cognito_user_pool" "customers" {
  name = "customers"

  password_policy {
    minimum_length                   = 14
    temporary_password_validity_days = 3
  }
}

# MFA required: 8 characters is enough
resource "aws_cognito_user_pool" "partners" {
  name              = "partners"
  mfa_configuration = "ON"

  software_token_mfa_configuration {
    enabled = true
  }
}
