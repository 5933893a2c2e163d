resource "aws_launch_template" "eks_nodes" {
  name_prefix   = "eks-nodes-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2 # fail: instance
  }
}

variable "hop_limit" {
  type = number
}

resource "aws_instance" "docker_host" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.large"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = var.hop_limit # unknown: instance
  }
}
