# for_each, which CloudFormation has not (its Fn::ForEach is a transform, reported not
# expanded)
variable "workers" {
  type    = set(string)
  default = ["thumbnails", "emails"]
}

resource "aws_iam_role" "worker" {
  for_each           = var.workers
  name               = "worker-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

# one role per instance, most likely; but an indexed reference can't be told apart
resource "aws_lambda_function" "worker" {
  for_each      = var.workers
  function_name = each.key
  role          = aws_iam_role.worker[each.key].arn # unknown: lambda-function
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "${each.key}.zip"
}
