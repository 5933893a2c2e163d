variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "params" {
  description         = "parameters"
  enable_key_rotation = true
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/orders/prod/db-password"
  type   = "SecureString"
  key_id = aws_kms_key.params.arn
  value  = var.db_password
}

# a plain String: not checked here
resource "aws_ssm_parameter" "region" {
  name  = "/orders/prod/region"
  type  = "String"
  value = "eu-west-1"
}
