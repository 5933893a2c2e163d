resource "aws_lambda_function" "checkout" {
  function_name = "checkout"
  role          = "arn:aws:iam::123456789012:role/checkout"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "checkout.zip"

  environment {
    variables = {
      LOG_LEVEL         = "info"
      STRIPE_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc" # fail: resource
    }
  }
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([ # fail: resource
    {
      name      = "worker"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.4.2"
      essential = true
      environment = [
        { name = "QUEUE_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs" },
        { name = "DB_PASSWORD", value = "worker-db-pass" },
      ]
    }
  ])
}

resource "aws_secretsmanager_secret" "api" {
  name = "prod/api/credentials"
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id = aws_secretsmanager_secret.api.id
  secret_string = jsonencode({ # fail: resource
    username = "api"
    password = "api-password-42"
  })
}

resource "aws_ssm_parameter" "partner_key" {
  name  = "/partners/acme/api-key"
  type  = "SecureString"
  value = "9f8e7d6c5b4a39281706" # fail: resource
}

data "http" "release" {
  url = "https://ci.example.com/api/releases/latest"

  request_headers = {
    Accept        = "application/json"
    Authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLWhlcmUtMTIz" # fail: resource
  }
}

# the first connection string only says where to connect; the second carries its password
resource "aws_lambda_function" "carts" {
  function_name = "carts"
  role          = "arn:aws:iam::123456789012:role/carts"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "carts.zip"

  environment {
    variables = {
      CACHE_CONNECTION_STRING = "redis-carts.internal.example.com:6379"
      ORDERS_CONNECTION_STRING = "Server=orders-db;Database=orders;Password=Orders-Db-2024!" # fail: resource
    }
  }
}
