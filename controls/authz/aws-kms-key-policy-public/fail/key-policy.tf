# aws_kms_key_policy, which CloudFormation has not: its key policy is the KeyPolicy of
# AWS::KMS::Key (main.cfn.yaml)
resource "aws_kms_key" "exports" {
  description         = "exports"
  enable_key_rotation = true
}

data "aws_iam_policy_document" "exports" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key_policy" "exports" {
  key_id = aws_kms_key.exports.id
  policy = data.aws_iam_policy_document.exports.json # fail: key-policy
}
