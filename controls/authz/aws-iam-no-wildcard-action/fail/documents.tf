data "aws_iam_policy_document" "queue_admin" {
  statement {
    actions   = ["*:*"] # fail: policy-document
    resources = ["arn:aws:sqs:eu-west-1:111122223333:jobs"]
  }
}

variable "actions" {
  type = list(string)
}

data "aws_iam_policy_document" "configurable" {
  statement {
    actions   = var.actions # unknown: policy-document
    resources = ["arn:aws:sqs:eu-west-1:111122223333:jobs"]
  }
}
