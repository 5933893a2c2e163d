resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  pid_mode                 = "task"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name  = "web"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:3.2.0"
    }
  ])
}

# bridge networking by default on EC2
resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name  = "worker"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.0.3"
    }
  ])
}
