# aws_iam_policy_attachment (one managed policy for users, groups and roles at once), which
# CloudFormation has not
resource "aws_iam_policy_attachment" "readers" {
  name       = "readers"
  users      = [aws_iam_user.alice.name] # fail: policy-attachment
  groups     = ["auditors"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

variable "report_users" {
  type = list(string)
}

resource "aws_iam_policy_attachment" "reports" {
  name       = "reports"
  users      = var.report_users # unknown: policy-attachment
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
