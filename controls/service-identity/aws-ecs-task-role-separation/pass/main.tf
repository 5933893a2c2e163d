locals {
  ecs_tasks_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role" "api_task" {
  name               = "api-task"
  assume_role_policy = local.ecs_tasks_trust
}

resource "aws_iam_role" "api_execution" {
  name               = "api-execution"
  assume_role_policy = local.ecs_tasks_trust
}

resource "aws_ecs_task_definition" "api" {
  family             = "api"
  task_role_arn      = aws_iam_role.api_task.arn
  execution_role_arn = aws_iam_role.api_execution.arn
  container_definitions = jsonencode([
    { name = "api", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1" }
  ])
}

# only an execution role: the application makes no AWS calls
resource "aws_ecs_task_definition" "static" {
  family             = "static"
  execution_role_arn = "arn:aws:iam::123456789012:role/ecs-execution"
  container_definitions = jsonencode([
    { name = "nginx", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27" }
  ])
}

resource "aws_ecs_task_definition" "literal" {
  family             = "literal"
  task_role_arn      = "arn:aws:iam::123456789012:role/report-task"
  execution_role_arn = "arn:aws:iam::123456789012:role/ecs-execution"
  container_definitions = jsonencode([
    { name = "report", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/report:0.7" }
  ])
}
