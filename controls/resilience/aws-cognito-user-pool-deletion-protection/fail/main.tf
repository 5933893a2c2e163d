resource "aws_cognito_user_pool" "customers" { # fail: user-pool - INACTIVE by default
  name = "customers"
}

resource "aws_cognito_user_pool" "partners" {
  name                = "partners"
  deletion_protection = "INACTIVE" # fail: user-pool
}
