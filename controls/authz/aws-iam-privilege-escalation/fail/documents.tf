data "aws_iam_policy_document" "policy_editor" {
  statement {
    actions   = ["iam:CreatePolicyVersion", "iam:GetPolicy"] # fail: policy-document
    resources = ["*"]
  }
}
