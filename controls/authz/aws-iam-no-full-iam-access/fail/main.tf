resource "aws_iam_policy" "provisioner" {
  name = "provisioner"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:*", "ec2:*"]
        Resource = "arn:aws:iam::111122223333:role/app-*"
      }
    ]
  })
}

resource "aws_iam_role" "bootstrap" {
  name = "bootstrap"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/IAMFullAccess"] # fail: role-managed-policies

  inline_policy {
    name = "iam"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }]
    })
  }
}
