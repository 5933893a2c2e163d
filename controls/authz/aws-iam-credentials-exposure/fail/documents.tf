data "aws_iam_policy_document" "keys" {
  statement {
    actions   = ["iam:Create*"] # fail: policy-document
    resources = ["*"]
  }
}
