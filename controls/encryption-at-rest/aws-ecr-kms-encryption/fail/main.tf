resource "aws_ecr_repository" "api" { # fail: repository
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "worker"

  encryption_configuration {
    encryption_type = "AES256" # fail: repository
  }
}

variable "ecr_encryption" {
  type = string
}

resource "aws_ecr_repository" "tools" {
  name = "tools"

  encryption_configuration {
    encryption_type = var.ecr_encryption # unknown: repository
  }
}
