resource "aws_lambda_function" "payments" {
  function_name = "payments"
  role          = "arn:aws:iam::123456789012:role/payments"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_api_gateway_rest_api" "payments" {
  name = "payments"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Payments", version = "1" }
    paths = {
      "/payments" = {
        post = { # fail: operation - jsonencode() body of a REST API, no validator
          requestBody = {
            content = {
              "application/json" = { schema = { type = "object" } }
            }
          }
          x-amazon-apigateway-integration = {
            type       = "aws_proxy"
            httpMethod = "POST"
            uri        = aws_lambda_function.payments.invoke_arn
          }
        }
      }
    }
  })
}
