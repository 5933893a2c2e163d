# CloudFormation has no standalone attachment: it attaches a managed policy through a role's
# ManagedPolicyArns (policies.cfn.yaml)
resource "aws_iam_role_policy_attachment" "batch_admin" {
  role       = aws_iam_role.batch.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # fail: admin-attachment
}
