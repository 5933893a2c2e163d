variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/orders/prod/db-password"
  type  = "String" # fail: parameter
  value = var.db_password
}

resource "aws_ssm_parameter" "tokens" {
  name  = "/orders/prod/API_TOKENS"
  type  = "StringList" # fail: parameter
  value = "placeholder,rotated-by-pipeline"
}
