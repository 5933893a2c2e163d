resource "aws_iam_user" "ci" {
  name = "ci"
}

# the old key, switched off while it is being retired
resource "aws_iam_access_key" "ci_old" {
  user   = aws_iam_user.ci.name
  status = "Inactive"
}
