resource "aws_cognito_user_pool" "customers" { # fail: user-pool - no threat protection
  name = "customers"
}

resource "aws_cognito_user_pool" "partners" {
  name           = "partners"
  user_pool_tier = "PLUS"

  user_pool_add_ons {
    advanced_security_mode = "AUDIT" # fail: user-pool
  }
}
