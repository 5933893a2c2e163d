resource "aws_kms_key" "shared" {
  description         = "shared data key"
  enable_key_rotation = true
  policy = jsonencode({ # fail: key-policy
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admins"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Anyone"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      }
    ]
  })
}

resource "aws_kms_key" "exports" {
  description         = "exports"
  enable_key_rotation = true
}

data "aws_iam_policy_document" "exports" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key_policy" "exports" {
  key_id = aws_kms_key.exports.id
  policy = data.aws_iam_policy_document.exports.json # fail: key-policy
}
