resource "aws_secretsmanager_secret" "db" {
  name = "orders-db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "api" {
  name = "partner-api-key"
}

resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = aws_secretsmanager_secret.api.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-api-key"

  rotation_rules {
    schedule_expression = "cron(0 4 1 * ? *)"
    duration            = "3h"
  }
}
