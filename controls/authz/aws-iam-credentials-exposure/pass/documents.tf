data "aws_iam_policy_document" "read_only" {
  statement {
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }
}
