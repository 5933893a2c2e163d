resource "aws_iam_group_policy" "analysts" {
  name  = "analysts"
  group = "analysts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/exports/*"]
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "config"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "ssm:GetParameter*"
        Resource = "arn:aws:ssm:eu-west-1:111122223333:parameter/app/*"
      }]
    })
  }
}
