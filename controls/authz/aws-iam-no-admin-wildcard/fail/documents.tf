data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:GetLogEvents"]
    resources = ["arn:aws:logs:*:*:log-group:/acme/*"]
  }

  # effect defaults to Allow
  statement {
    sid       = "Admin"
    actions   = ["*"] # fail: policy-document
    resources = ["*"]
  }
}

resource "aws_iam_policy" "from_document" {
  name   = "from-document"
  policy = data.aws_iam_policy_document.admin.json # fail: policy
}

variable "allowed_actions" {
  type    = list(string)
  default = ["*"]
}

data "aws_iam_policy_document" "configurable" {
  statement {
    effect    = "Allow"
    actions   = var.allowed_actions # fail: policy-document
    resources = ["*"]
  }
}
