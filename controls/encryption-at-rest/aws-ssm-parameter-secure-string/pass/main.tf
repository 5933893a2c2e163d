variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/orders/prod/db-password"
  type  = "SecureString"
  value = var.db_password
}

# not a credential by its name: not checked
resource "aws_ssm_parameter" "db_host" {
  name  = "/orders/prod/db-host"
  type  = "String"
  value = "orders.cluster-abc123.eu-west-1.rds.amazonaws.com"
}
