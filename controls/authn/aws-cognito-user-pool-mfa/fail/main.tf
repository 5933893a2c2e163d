resource "aws_cognito_user_pool" "customers" { # fail: user-pool - OFF by default
  name = "customers"
}

resource "aws_cognito_user_pool" "partners" {
  name              = "partners"
  mfa_configuration = "OPTIONAL" # fail: user-pool

  software_token_mfa_configuration {
    enabled = true
  }
}
