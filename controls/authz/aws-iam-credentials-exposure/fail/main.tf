resource "aws_iam_policy" "jump" {
  name = "jump"
  policy = jsonencode({ # fail: policy
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "database"
    policy = jsonencode({ # fail: role-inline-policy
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["rds-db:connect"], Resource = "*" }]
    })
  }
}
