resource "aws_secretsmanager_secret" "db" { # fail: secret
  name        = "prod/orders/db"
  description = "orders database credentials"
}

resource "aws_secretsmanager_secret" "stripe" { # fail: secret
  name = "prod/payments/stripe"
}

# rotation configured for another secret only
resource "aws_secretsmanager_secret_rotation" "db_other" {
  secret_id           = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/legacy/db-AbCdEf"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}
