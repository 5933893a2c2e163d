data "aws_iam_policy_document" "tables" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]
  }
}
