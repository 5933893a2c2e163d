resource "aws_iam_role" "ecs" {
  name = "ecs-shared"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_ecs_task_definition" "api" {
  family             = "api"
  task_role_arn      = aws_iam_role.ecs.arn
  execution_role_arn = aws_iam_role.ecs.arn # fail: task
  container_definitions = jsonencode([
    { name = "api", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1" }
  ])
}

resource "aws_ecs_task_definition" "batch" {
  family             = "batch"
  task_role_arn      = "arn:aws:iam::123456789012:role/ecs-batch"
  execution_role_arn = "arn:aws:iam::123456789012:role/ecs-batch" # fail: task
  container_definitions = jsonencode([
    { name = "batch", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/batch:1.1" }
  ])
}

variable "execution_role_arn" {
  type = string
}

resource "aws_ecs_task_definition" "from_variable" {
  family             = "from-variable"
  task_role_arn      = aws_iam_role.ecs.arn
  execution_role_arn = var.execution_role_arn # unknown: task
  container_definitions = jsonencode([
    { name = "app", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0" }
  ])
}
