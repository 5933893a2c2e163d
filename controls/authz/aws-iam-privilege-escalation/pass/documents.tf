# an unconditioned Deny on everything takes the grant back
data "aws_iam_policy_document" "policy_editor" {
  statement {
    actions   = ["iam:*"]
    resources = ["*"]
  }
  statement {
    effect = "Deny"
    actions = [
      "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:CreateAccessKey",
      "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:Attach*", "iam:Put*",
      "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy", "iam:PassRole",
    ]
    resources = ["*"]
  }
}
