resource "aws_iam_role_policy_attachment" "worker_readonly" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# a policy created here is not AdministratorAccess, even though its ARN is known only after apply
resource "aws_iam_role_policy_attachment" "worker_extra" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.worker_extra.arn
}
