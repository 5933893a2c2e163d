resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"]
      },
      {
        # a service wildcard on one resource is narrow enough for this control
        Effect   = "Allow"
        Action   = "dynamodb:*"
        Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
      },
      {
        # Deny statements restrict
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1"] }
        }
      }
    ]
  })
}

# a read-only action on every resource is not an administrator grant
resource "aws_iam_role_policy" "describe" {
  name = "describe"
  role = "monitoring"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:Describe*", "cloudwatch:GetMetricData"]
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:orders"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}

# a resource policy (statement with principals) is not an identity grant
data "aws_iam_policy_document" "key_policy" {
  statement {
    sid       = "AccountRoot"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
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
    name = "queue"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sqs:ReceiveMessage", Resource = "arn:aws:sqs:eu-west-1:123456789012:jobs" }]
    })
  }
}

resource "aws_iam_role_policy_attachment" "worker_readonly" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy" "worker_extra" {
  name = "worker-extra"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:DeleteMessage", Resource = "arn:aws:sqs:eu-west-1:123456789012:jobs" }]
  })
}

# a policy created here is not AdministratorAccess, even though its ARN is known only after apply
resource "aws_iam_role_policy_attachment" "worker_extra" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.worker_extra.arn
}

resource "aws_iam_role" "auditor" {
  name = "auditor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::123456789012:root" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]
}
