data "aws_iam_policy_document" "queues" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ListQueues"] # fail: policy-document
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
    condition { # a conditioned Deny takes nothing back
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

variable "actions" {
  type = list(string)
}

data "aws_iam_policy_document" "configurable" {
  statement {
    actions   = var.actions # unknown: policy-document
    resources = ["*"]
  }
}
