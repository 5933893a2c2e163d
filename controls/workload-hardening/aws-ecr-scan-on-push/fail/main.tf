resource "aws_ecr_repository" "api" { # fail: repository
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "worker"

  image_scanning_configuration {
    scan_on_push = false # fail: repository
  }
}

variable "scan_images" {
  type = bool
}

resource "aws_ecr_repository" "tools" {
  name = "tools"

  image_scanning_configuration {
    scan_on_push = var.scan_images # unknown: repository
  }
}
