data "aws_iam_policy_document" "pass_role" {
  statement {
    actions   = ["iam:PassRole", "iam:GetRole"]
    resources = ["arn:aws:iam::111122223333:role/app-task"]
  }
}
