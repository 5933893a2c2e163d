resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = "ops"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:*", "cloudwatch:*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "launcher" {
  name = "launcher"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  # PassRole in one statement and RunInstances in another: together, an escalation
  inline_policy {
    name = "launch"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
        { Effect = "Allow", Action = ["ec2:RunInstances", "ec2:Describe*"], Resource = "*" }
      ]
    })
  }
}
