resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([
    {
      name       = "app"
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"
      essential  = true
      privileged = false
    },
    {
      name       = "monitoring-agent"
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent:7.1"
      essential  = false
      privileged = true # fail: containers
    }
  ])
}

variable "privileged" {
  type = bool
}

resource "aws_ecs_task_definition" "from_variable" {
  family = "from-variable"
  container_definitions = jsonencode([
    {
      name       = "tool"
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tool:2.0"
      privileged = var.privileged # unknown: containers
    }
  ])
}
