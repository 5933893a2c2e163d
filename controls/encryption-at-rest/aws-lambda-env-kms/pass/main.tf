resource "aws_kms_key" "lambda" {
  description         = "Lambda environment variables"
  enable_key_rotation = true
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "orders.zip"
  kms_key_arn   = aws_kms_key.lambda.arn

  environment {
    variables = {
      TABLE_NAME = "orders"
      STAGE      = "prod"
    }
  }
}

# not checked: no environment variables
resource "aws_lambda_function" "ping" {
  function_name = "ping"
  role          = "arn:aws:iam::123456789012:role/ping-lambda"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "ping.zip"
}
