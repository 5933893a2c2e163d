resource "aws_ecr_repository_policy" "api" {
  repository = "api"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PullFromProduction"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:root"] }
        Action    = ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
      },
      {
        Sid       = "PullFromTheOrganisation"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "NoDeleteByAnyone"
        Effect    = "Deny"
        Principal = "*"
        Action    = "ecr:BatchDeleteImage"
      }
    ]
  })
}

resource "aws_ecr_repository_policy" "lambda" {
  repository = "lambda-images"
  policy     = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"},
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        }
      ]
    }
  JSON
}
