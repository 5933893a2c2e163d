resource "aws_iam_role_policy" "reader" {
  name = "reader"
  role = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-reports/*"]
      },
      {
        # actions that take no resource may be granted on every resource
        Effect   = "Allow"
        Action   = ["ec2:DescribeInstances", "ec2:DescribeRegion*", "sts:GetCallerIdentity"]
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_policy" "tagged" {
  name = "tagged"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["ec2:StartInstances", "ec2:StopInstances"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceTag/team" = "batch" } }
    }]
  })
}

resource "aws_iam_user_policy" "taken_back" {
  name = "taken-back"
  user = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:ListAllMyBuckets"], Resource = "*" },
      { Effect = "Deny", Action = "s3:GetObject", Resource = "*" }
    ]
  })
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
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
    name = "data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${aws_s3_bucket.data.arn}/*"
      }]
    })
  }
}
