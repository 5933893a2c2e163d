# a heredoc is judged at the line of its attribute
resource "aws_ecs_task_definition" "heredoc" {
  family = "heredoc"
  container_definitions = <<-JSON
    [
      {
        "name": "builder",
        "image": "docker:27-dind",
        "privileged": true
      }
    ]
  JSON
}
