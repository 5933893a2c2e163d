# a policy written on the secret itself, which CloudFormation has not: it writes an
# AWS::SecretsManager::ResourcePolicy (main.cfn.yaml)
resource "aws_secretsmanager_secret" "db" {
  name = "orders-db"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}
