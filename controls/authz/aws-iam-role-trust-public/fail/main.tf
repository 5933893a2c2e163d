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
