data "aws_iam_policy_document" "power_user" {
  statement {
    not_actions = ["organizations:*", "account:*"] # fail: policy-document
    resources   = ["*"]
  }
}
