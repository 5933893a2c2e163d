resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" { # fail: access-key
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_next" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:acme_ops"
  status  = "Active" # fail: access-key
}
