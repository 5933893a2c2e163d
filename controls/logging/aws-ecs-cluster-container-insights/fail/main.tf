resource "aws_ecs_cluster" "main" { # fail: cluster
  name = "main"
}

resource "aws_ecs_cluster" "disabled" {
  name = "disabled"

  setting {
    name  = "containerInsights"
    value = "disabled" # fail: cluster
  }
}

variable "insights" {
  type = string
}

resource "aws_ecs_cluster" "from_variable" {
  name = "from-variable"

  setting {
    name  = "containerInsights"
    value = var.insights # unknown: cluster
  }
}
