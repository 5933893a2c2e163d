resource "aws_lambda_function" "orders" {
  function_name                  = "orders"
  role                           = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime                        = "python3.12"
  handler                        = "app.handler"
  filename                       = "orders.zip"
  reserved_concurrent_executions = 50
}
