resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime       = "python3.9" # fail: function
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
  runtime       = "nodejs18.x" # fail: function
  handler       = "index.handler"
  filename      = "thumbnails.zip"
}

variable "legacy_runtime" {
  type = string
}

resource "aws_lambda_function" "legacy" {
  function_name = "legacy"
  role          = "arn:aws:iam::123456789012:role/legacy-lambda"
  runtime       = var.legacy_runtime # unknown: function
  handler       = "main"
  filename      = "legacy.zip"
}
