resource "aws_iam_user" "deployer" {
  name = "legacy-deployer"
}

resource "aws_iam_access_key" "deployer" {
  user    = aws_iam_user.deployer.name
  pgp_key = "keybase:acme_deployer"
}

resource "aws_iam_user" "ops" {
  name = "ops-break-glass"
}

variable "ops_pgp_public_key" {
  type        = string
  description = "base64-encoded PGP public key of the on-call engineer"
}

resource "aws_iam_user_login_profile" "ops" {
  user                    = aws_iam_user.ops.name
  pgp_key                 = var.ops_pgp_public_key
  password_reset_required = true
}
