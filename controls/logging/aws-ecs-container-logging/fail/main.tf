resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1"
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/api"
          awslogs-region        = "eu-west-1"
          awslogs-stream-prefix = "api"
        }
      }
    },
    {
      name  = "auth-proxy" # fail: containers
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/auth-proxy:1.2"
    }
  ])
}

variable "log_driver" {
  type = string
}

resource "aws_ecs_task_definition" "from_variable" {
  family = "from-variable"
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0"
      logConfiguration = {
        logDriver = var.log_driver
      }
    }
  ])
}
