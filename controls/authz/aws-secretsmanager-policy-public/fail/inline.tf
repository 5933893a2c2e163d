# a policy written on the secret itself, which CloudFormation has not: it writes an
# AWS::SecretsManager::ResourcePolicy (main.cfn.yaml)
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
