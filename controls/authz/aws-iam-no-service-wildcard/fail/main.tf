resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*", "sqs:SendMessage"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "batch" {
  name = "batch"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "batch.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "compute"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "ec2:*", NotResource = "arn:aws:ec2:*:*:vpc/*" }]
    })
  }
}
