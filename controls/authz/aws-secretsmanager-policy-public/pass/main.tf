resource "aws_secretsmanager_secret" "partner_api" {
  name = "partner-api-key"
}

resource "aws_secretsmanager_secret_policy" "partner_api" {
  secret_arn          = aws_secretsmanager_secret.partner_api.arn
  block_public_policy = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/partner-sync" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret" "plain" {
  name = "reports-token"
}
