resource "aws_ecs_task_definition" "cms" {
  family = "cms"
  container_definitions = jsonencode([
    { name = "cms", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cms:5.0" }
  ])

  volume {
    name = "uploads"

    efs_volume_configuration { # fail: volume
      file_system_id = "fs-0123456789abcdef0"
      root_directory = "/uploads"
    }
  }
}

variable "efs_tls" {
  type = string
}

resource "aws_ecs_task_definition" "reports" {
  family = "reports"
  container_definitions = jsonencode([
    { name = "reports", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports:1.0" }
  ])

  volume {
    name = "archive"

    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "DISABLED" # fail: volume
    }
  }
}

resource "aws_ecs_task_definition" "shared" {
  family = "shared"
  container_definitions = jsonencode([
    { name = "shared", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shared:1.0" }
  ])

  volume {
    name = "shared"

    efs_volume_configuration {
      file_system_id     = "fs-0fedcba9876543210"
      transit_encryption = var.efs_tls # unknown: volume
    }
  }
}
