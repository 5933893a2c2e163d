resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "ci" {
  name   = "ci"
  role   = aws_iam_role.ci.id
  # fail-next
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadArtifacts",
          "Effect": "Allow",
          "Action": ["s3:GetObject"],
          "Resource": ["arn:aws:s3:::acme-artifacts/*"]
        },
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "Action": ["*:*"],
          "Resource": ["*"],
          "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        }
      ]
    }
  EOT
}

# NotAction with Allow: every action except IAM, on everything
resource "aws_iam_user_policy" "ops" {
  name = "power-user"
  user = "ops"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"]
      Resource  = "*"
    }]
  })
}

locals {
  admin_statement = {
    Effect   = "Allow"
    Action   = ["*"]
    Resource = "*"
  }
}

resource "aws_iam_group_policy" "admins" {
  name  = "admins"
  group = "admins"
  policy = jsonencode({ # fail: policy
    Version   = "2012-10-17"
    Statement = [local.admin_statement]
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
    name = "all"
    policy = jsonencode({ # fail: role-inline-policy
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", NotResource = "arn:aws:s3:::acme-audit/*" }]
    })
  }
}

variable "imported_policy" {
  type = string
}

resource "aws_iam_policy" "imported" {
  name   = "imported"
  policy = var.imported_policy # unknown: policy
}

resource "aws_iam_policy" "broken" {
  name   = "broken"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [" # unknown: policy
}

resource "aws_iam_role" "emergency" {
  name = "emergency"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::123456789012:root" } }]
  })
  managed_policy_arns = [ # fail: role-managed-policies
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}
