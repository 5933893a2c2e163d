resource "aws_ecs_cluster" "main" {
  name = "main"

  configuration {
    execute_command_configuration {
      logging = "NONE" # fail: cluster
    }
  }
}

variable "exec_logging" {
  type = string
}

resource "aws_ecs_cluster" "from_variable" {
  name = "from-variable"

  configuration {
    execute_command_configuration {
      logging = var.exec_logging # unknown: cluster
    }
  }
}
