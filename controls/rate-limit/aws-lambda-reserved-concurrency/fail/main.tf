resource "aws_lambda_function" "orders" { # fail: function - unreserved by default
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_function" "search" {
  function_name                  = "search"
  role                           = "arn:aws:iam::123456789012:role/search-lambda"
  runtime                        = "python3.12"
  handler                        = "app.handler"
  filename                       = "search.zip"
  reserved_concurrent_executions = -1 # fail: function
}
