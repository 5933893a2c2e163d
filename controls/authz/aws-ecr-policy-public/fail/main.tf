resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PullFromAnywhere"
        Effect    = "Allow"
        Principal = "*" # fail: policy
        Action    = ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
      }
    ]
  })
}

resource "aws_ecr_repository_policy" "worker" {
  repository = "worker"
  policy     = data.aws_iam_policy_document.worker.json # fail: policy
}

data "aws_iam_policy_document" "worker" {
  statement {
    sid     = "Push"
    actions = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

variable "repository_policy" {
  type = string
}

resource "aws_ecr_repository_policy" "tools" {
  repository = "tools"
  policy     = var.repository_policy # unknown: policy
}
