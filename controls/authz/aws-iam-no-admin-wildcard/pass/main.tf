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

resource "aws_iam_policy" "worker_extra" {
  name = "worker-extra"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:DeleteMessage", Resource = "arn:aws:sqs:eu-west-1:123456789012:jobs" }]
  })
}

resource "aws_iam_role" "auditor" {
  name = "auditor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::123456789012:root" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]
}
