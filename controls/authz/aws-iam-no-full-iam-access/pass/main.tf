resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::111122223333:role/app-task"
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        # everything but IAM and Organizations
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"]
        Resource  = "arn:aws:s3:::acme-deployments/*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "readonly" {
  role       = "auditor"
  policy_arn = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
}

resource "aws_iam_role" "auditor" {
  name = "auditor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/security" }
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]

  inline_policy {
    name = "read-iam"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" }]
    })
  }
}

data "aws_iam_policy_document" "pass_role" {
  statement {
    actions   = ["iam:PassRole", "iam:GetRole"]
    resources = ["arn:aws:iam::111122223333:role/app-task"]
  }
}

resource "aws_iam_policy" "identity_reader" {
  name = "identity-reader"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" }]
  })
}

# a policy this configuration writes: its own statements are judged
resource "aws_iam_role_policy_attachment" "identity_reader" {
  role       = "auditor"
  policy_arn = aws_iam_policy.identity_reader.arn
}
