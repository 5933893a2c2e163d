data "aws_iam_policy_document" "tables" {
  statement {
    actions   = ["dynamodb:*"] # fail: policy-document
    resources = ["*"]
  }
}
