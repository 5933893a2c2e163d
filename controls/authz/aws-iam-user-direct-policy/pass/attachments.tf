# aws_iam_policy_attachment (one managed policy for users, groups and roles at once), which
# CloudFormation has not
resource "aws_iam_policy_attachment" "auditors" {
  name       = "auditors"
  groups     = ["auditors"]
  roles      = ["security-audit"]
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}
