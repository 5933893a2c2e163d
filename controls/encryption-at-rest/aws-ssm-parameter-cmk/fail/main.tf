variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "db_password" { # fail: parameter
  name  = "/orders/prod/db-password"
  type  = "SecureString"
  value = var.db_password
}

resource "aws_ssm_parameter" "signing_key" {
  name   = "/orders/prod/signing-key"
  type   = "SecureString"
  key_id = "alias/aws/ssm" # fail: parameter
  value  = var.db_password
}
