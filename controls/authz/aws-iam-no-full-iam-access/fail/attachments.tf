resource "aws_iam_role_policy_attachment" "ci_iam" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess" # fail: managed-attachment
}

data "aws_partition" "current" {}

resource "aws_iam_group_policy_attachment" "admins_iam" {
  group      = "identity-admins"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess" # fail: managed-attachment
}

data "aws_iam_policy" "iam_full" {
  name = "IAMFullAccess"
}

resource "aws_iam_user_policy_attachment" "bootstrap" {
  user       = "bootstrap"
  policy_arn = data.aws_iam_policy.iam_full.arn # fail: managed-attachment
}
