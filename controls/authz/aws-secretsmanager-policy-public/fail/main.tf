resource "aws_secretsmanager_secret" "partner_api" {
  name = "partner-api-key"
}

resource "aws_secretsmanager_secret_policy" "partner_api" {
  secret_arn = aws_secretsmanager_secret.partner_api.arn
  policy = jsonencode({ # fail: secret-policy
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
