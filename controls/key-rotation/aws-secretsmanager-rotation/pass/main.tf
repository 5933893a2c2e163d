resource "aws_secretsmanager_secret" "db" {
  name        = "prod/orders/db"
  description = "orders database credentials"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}

# AWS provider 4.x: rotation declared on the secret itself
resource "aws_secretsmanager_secret" "legacy" {
  name                = "prod/legacy/db"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-mysql"

  rotation_rules {
    automatically_after_days = 30
  }
}
