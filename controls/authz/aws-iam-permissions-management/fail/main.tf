resource "aws_iam_policy" "pipeline" {
  name = "pipeline"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:GetBucketPolicy"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "operator" {
  name = "operator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/sso-operators" }
    }]
  })

  inline_policy {
    name = "keys"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["kms:*"], Resource = "*" }]
    })
  }
}
