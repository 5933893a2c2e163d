resource "aws_cognito_user_pool" "customers" { # fail: user-pool - 8 characters by default, and no MFA
  name = "customers"
}

resource "aws_cognito_user_pool" "partners" {
  name              = "partners"
  mfa_configuration = "ON"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 8
    temporary_password_validity_days = 30 # fail: user-pool
  }
}

resource "aws_cognito_user_pool" "staff" {
  name = "staff"

  password_policy {
    minimum_length    = 10 # fail: user-pool
    require_symbols   = true
    require_numbers   = true
    require_lowercase = true
    require_uppercase = true
  }
}
