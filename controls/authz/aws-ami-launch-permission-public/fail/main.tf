resource "aws_ami_launch_permission" "public" {
  image_id = "ami-0123456789abcdef0"
  group    = "all" # fail: launch-permission
}

variable "launch_group" {
  type = string
}

resource "aws_ami_launch_permission" "from_variable" {
  image_id = "ami-0123456789abcdef0"
  group    = var.launch_group # unknown: launch-permission
}
