resource "aws_ecs_cluster" "main" {
  name = "main"

  configuration {
    execute_command_configuration {
      kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = "/ecs/exec"
      }
    }
  }
}

# the default: the task's awslogs destination
resource "aws_ecs_cluster" "batch" {
  name = "batch"
}
