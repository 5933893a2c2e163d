resource "aws_ecr_repository" "api" { # fail: repository
  name = "api"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "MUTABLE" # fail: repository
}

variable "tag_mutability" {
  type = string
}

resource "aws_ecr_repository" "tools" {
  name                 = "tools"
  image_tag_mutability = var.tag_mutability # unknown: repository
}
