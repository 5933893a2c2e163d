data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:*"] # fail: policy-document
    resources = ["*"]
  }
}
