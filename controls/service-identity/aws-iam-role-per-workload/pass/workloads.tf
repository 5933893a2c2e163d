data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "resize_images" {
  name               = "resize-images"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role" "capture_payment" {
  name               = "capture-payment"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "resize_images" {
  function_name = "resize-images"
  role          = aws_iam_role.resize_images.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "resize.zip"
}

resource "aws_lambda_function" "capture_payment" {
  function_name = "capture-payment"
  role          = aws_iam_role.capture_payment.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "payments.zip"
}

# execution roles may be shared; each task role is the task's own
resource "aws_ecs_task_definition" "reports" {
  family                   = "reports"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = "arn:aws:iam::123456789012:role/reports-task"
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
  task_role_arn            = "arn:aws:iam::123456789012:role/exports-task"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecs-execution"
  container_definitions = jsonencode([
    { name = "exports", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/exports:1.0.2", essential = true }
  ])
}
