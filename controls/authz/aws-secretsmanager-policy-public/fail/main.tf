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

variable "reader_arns" {
  type = list(string)
}

resource "aws_secretsmanager_secret" "db" {
  name = "orders-db"
  policy = jsonencode({ # unknown: secret-policy
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.reader_arns }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
