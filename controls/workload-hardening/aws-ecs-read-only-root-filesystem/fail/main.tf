resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name                   = "api"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1"
      readonlyRootFilesystem = true
    },
    {
      name  = "sidecar" # fail: containers - unset: writable
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sidecar:0.9"
    }
  ])
}

resource "aws_ecs_task_definition" "cms" {
  family = "cms"
  container_definitions = jsonencode([
    {
      name                   = "cms"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cms:5.0"
      readonlyRootFilesystem = false # fail: containers
    }
  ])
}

variable "container_definitions" {
  type = string
}

resource "aws_ecs_task_definition" "from_variable" {
  family                = "from-variable"
  container_definitions = var.container_definitions # unknown: containers
}
