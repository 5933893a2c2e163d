resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
  task_definition = "web:12"
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_groups  = ["sg-0123456789abcdef0"]
    assign_public_ip = true # fail: service
  }
}

variable "public_tasks" {
  type = bool
}

resource "aws_ecs_service" "from_variable" {
  name            = "from-variable"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
  task_definition = "app:3"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = var.public_tasks # unknown: service
  }
}
