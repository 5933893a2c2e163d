data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:orders"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}

# a resource policy (statement with principals) is not an identity grant
data "aws_iam_policy_document" "key_policy" {
  statement {
    sid       = "AccountRoot"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}
