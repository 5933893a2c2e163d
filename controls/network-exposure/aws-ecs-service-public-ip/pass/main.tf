resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
  task_definition = "web:12"
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_groups = ["sg-0123456789abcdef0"]
  }

  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"
    container_name   = "web"
    container_port   = 8080
  }
}

# bridge networking on EC2: no network_configuration at all
resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
  task_definition = "worker:4"
  desired_count   = 1
}
