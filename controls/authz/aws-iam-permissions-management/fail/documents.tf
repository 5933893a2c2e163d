data "aws_iam_policy_document" "roles" {
  statement {
    actions   = ["iam:AttachRolePolicy", "iam:CreateRole"] # fail: policy-document
    resources = ["*"]
  }
}
