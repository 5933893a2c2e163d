resource "aws_kms_key" "secrets" {
  description         = "application secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "orders-db"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "api" {
  name       = "partner-api-key"
  kms_key_id = "alias/app-secrets"
}
