resource "aws_iam_policy" "pipeline" {
  name = "pipeline"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutBucketPolicy", "s3:GetBucketPolicy"]
      Resource = "arn:aws:s3:::acme-site"
    }]
  })
}

resource "aws_iam_role" "operator" {
  name = "operator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/sso-operators" }
    }]
  })

  inline_policy {
    name = "keys"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]
        Resource = "*"
      }]
    })
  }
}
