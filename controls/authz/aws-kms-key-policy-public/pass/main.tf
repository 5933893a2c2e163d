resource "aws_kms_key" "shared" {
  description         = "shared data key"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admins"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "EbsInThisAccount"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
            "kms:ViaService"    = "ec2.eu-west-1.amazonaws.com"
          }
        }
      }
    ]
  })
}

# no policy: the default key policy, which trusts the account
resource "aws_kms_key" "logs" {
  description         = "logs"
  enable_key_rotation = true
}
