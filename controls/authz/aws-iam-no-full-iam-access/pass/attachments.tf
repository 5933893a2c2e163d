resource "aws_iam_role_policy_attachment" "readonly" {
  role       = "auditor"
  policy_arn = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
}

# a policy this configuration writes: its own statements are judged
resource "aws_iam_role_policy_attachment" "identity_reader" {
  role       = "auditor"
  policy_arn = aws_iam_policy.identity_reader.arn
}
