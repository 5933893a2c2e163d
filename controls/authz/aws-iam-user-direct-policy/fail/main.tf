resource "aws_iam_user" "alice" { # fail: user
  name = "alice"
}

resource "aws_iam_user_policy" "alice_reports" {
  name = "reports"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::acme-reports/*"
    }]
  })
}

resource "aws_iam_user_policy_attachment" "alice_billing" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/job-function/Billing"
}
