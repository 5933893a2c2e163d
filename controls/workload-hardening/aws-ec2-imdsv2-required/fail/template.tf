resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional" # fail: instance
  }
}
