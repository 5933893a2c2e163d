resource "aws_secretsmanager_secret" "db" { # fail: secret
  name = "orders-db"
}

resource "aws_secretsmanager_secret" "api" {
  name       = "partner-api-key"
  kms_key_id = "alias/aws/secretsmanager" # fail: secret
}
