data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "functions" {
  name               = "api-functions"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "resize_images" {
  function_name = "resize-images"
  role          = aws_iam_role.functions.arn # fail: lambda-function - also the payments function's role
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "resize.zip"
}

resource "aws_lambda_function" "capture_payment" {
  function_name = "capture-payment"
  role          = aws_iam_role.functions.arn # fail: lambda-function
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "payments.zip"
}

resource "aws_ecs_task_definition" "reports" {
  family                   = "reports"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = "arn:aws:iam::123456789012:role/app-tasks" # fail: ecs-task
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecs-execution"
  container_definitions = jsonencode([
    { name = "reports", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports:3.1.0", essential = true }
  ])
}

resource "aws_ecs_task_definition" "exports" {
  family                   = "exports"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = "arn:aws:iam::123456789012:role/app-tasks" # fail: ecs-task
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecs-execution"
  container_definitions = jsonencode([
    { name = "exports", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/exports:1.0.2", essential = true }
  ])
}

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
