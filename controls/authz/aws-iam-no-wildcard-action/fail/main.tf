resource "aws_iam_role_policy" "uploads" {
  name = "uploads"
  role = "uploader"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = ["arn:aws:s3:::acme-uploads", "arn:aws:s3:::acme-uploads/*"]
    }]
  })
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "everything-but-iam"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"]
        Resource  = "arn:aws:dynamodb:eu-west-1:111122223333:table/jobs"
      }]
    })
  }
}
