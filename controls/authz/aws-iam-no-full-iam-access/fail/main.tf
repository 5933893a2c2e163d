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

data "aws_iam_policy_document" "power_user" {
  statement {
    not_actions = ["organizations:*", "account:*"] # fail: policy-document
    resources   = ["*"]
  }
}

resource "aws_iam_role_policy_attachment" "ci_iam" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess" # fail: managed-attachment
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

data "aws_partition" "current" {}

resource "aws_iam_group_policy_attachment" "admins_iam" {
  group      = "identity-admins"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess" # fail: managed-attachment
}

data "aws_iam_policy" "iam_full" {
  name = "IAMFullAccess"
}

resource "aws_iam_user_policy_attachment" "bootstrap" {
  user       = "bootstrap"
  policy_arn = data.aws_iam_policy.iam_full.arn # fail: managed-attachment
}
