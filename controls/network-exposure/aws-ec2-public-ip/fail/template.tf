resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  network_interfaces {
    associate_public_ip_address = "true" # fail: launch-template
    security_groups             = ["sg-0123456789abcdef0"]
  }
}
