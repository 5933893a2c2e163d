resource "aws_iam_group_policy" "analysts" {
  name  = "analysts"
  group = "analysts"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = "*"
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
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "ssm:GetParameter*", Resource = "*" }]
    })
  }
}
