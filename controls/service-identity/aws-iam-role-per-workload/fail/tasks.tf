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
