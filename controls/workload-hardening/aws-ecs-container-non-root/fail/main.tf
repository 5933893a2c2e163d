resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1"
      user  = "10001"
    },
    {
      name  = "log-router" # fail: containers - no user: the image decides
      image = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
    }
  ])
}

resource "aws_ecs_task_definition" "admin" {
  family = "admin"
  container_definitions = jsonencode([
    {
      name  = "admin"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/admin:1.0.0"
      user  = "0:0" # fail: containers
    }
  ])
}

resource "aws_ecs_task_definition" "named_root" {
  family = "named-root"
  container_definitions = jsonencode([
    {
      name  = "job"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/job:4.1"
      user  = "root" # fail: containers
    }
  ])
}

variable "run_as" {
  type = string
}

resource "aws_ecs_task_definition" "from_variable" {
  family = "from-variable"
  container_definitions = jsonencode([
    {
      name  = "tool"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tool:2.0"
      user  = var.run_as # unknown: containers
    }
  ])
}
