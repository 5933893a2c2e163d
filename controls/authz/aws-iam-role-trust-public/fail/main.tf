resource "aws_iam_role" "partner" {
  name = "partner-upload"
  assume_role_policy = jsonencode({ # fail: role
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "sts:ExternalId" = "acme-partner-7" } }
    }]
  })
}

data "aws_iam_policy_document" "anyone" {
  statement { # fail: policy-document
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "anyone" {
  name               = "anyone"
  assume_role_policy = data.aws_iam_policy_document.anyone.json # fail: role
}

variable "trusted" {
  type = list(string)
}

resource "aws_iam_role" "configurable" {
  name = "configurable"
  assume_role_policy = jsonencode({ # unknown: role
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.trusted }
    }]
  })
}
