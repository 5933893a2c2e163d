resource "aws_ecs_task_definition" "cms" {
  family = "cms"
  container_definitions = jsonencode([
    { name = "cms", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cms:5.0" }
  ])

  volume {
    name = "uploads"

    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "ENABLED"

      authorization_config {
        access_point_id = "fsap-0123456789abcdef0"
        iam             = "ENABLED"
      }
    }
  }

  # not EFS: not checked
  volume {
    name = "scratch"
  }
}
