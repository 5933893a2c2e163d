resource "aws_ecs_task_definition" "exporter" {
  family       = "node-exporter"
  network_mode = "host" # fail: task
  container_definitions = jsonencode([
    {
      name  = "node-exporter"
      image = "quay.io/prometheus/node-exporter:v1.8.2"
      user  = "65534"
    }
  ])
}

resource "aws_ecs_task_definition" "debugger" {
  family   = "debugger"
  pid_mode = "host" # fail: task
  container_definitions = jsonencode([
    {
      name  = "debugger"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/debugger:1.0"
    }
  ])
}

resource "aws_ecs_task_definition" "shm" {
  family   = "shm"
  ipc_mode = "host" # fail: task
  container_definitions = jsonencode([
    {
      name  = "renderer"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/renderer:2.2"
    }
  ])
}

variable "network_mode" {
  type = string
}

resource "aws_ecs_task_definition" "from_variable" {
  family       = "from-variable"
  network_mode = var.network_mode # unknown: task
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0"
    }
  ])
}
