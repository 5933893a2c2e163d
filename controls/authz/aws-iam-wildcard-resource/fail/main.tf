resource "aws_iam_role_policy" "reader" {
  name = "reader"
  role = "reader"
  policy = jsonencode({ # fail: policy - s3:GetObject takes an object ARN
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:DescribeInstances", "s3:GetObject"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "logs" {
  name = "logs"
  policy = jsonencode({ # fail: policy - a wildcard taking in actions on log groups and streams
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:Put*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy" "everything_but_iam" {
  name = "everything-but-iam"
  user = "ops"
  policy = jsonencode({ # fail: policy - NotAction allows the rest, resource actions included
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }]
  })
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "keys"
    policy = jsonencode({ # fail: role-inline-policy - NotResource: every key but one
      Version = "2012-10-17"
      Statement = [{
        Effect      = "Allow"
        Action      = "kms:Decrypt"
        NotResource = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }]
    })
  }
}
