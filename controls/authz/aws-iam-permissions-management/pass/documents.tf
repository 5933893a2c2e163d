# role creation only with a permissions boundary
data "aws_iam_policy_document" "roles" {
  statement {
    actions   = ["iam:AttachRolePolicy", "iam:CreateRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = ["arn:aws:iam::111122223333:policy/app-boundary"]
    }
  }
}
