resource "aws_iam_user" "deployer" {
  name = "legacy-deployer"
}

resource "aws_iam_access_key" "deployer" { # fail: access-key - the secret lands in the state
  user = aws_iam_user.deployer.name
}

resource "aws_iam_user" "ops" {
  name = "ops-break-glass"
}

resource "aws_iam_user_login_profile" "ops" { # fail: login-profile
  user                    = aws_iam_user.ops.name
  password_reset_required = true
}
