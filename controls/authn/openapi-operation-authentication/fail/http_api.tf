resource "aws_lambda_function" "items" {
  function_name = "items"
  role          = "arn:aws:iam::123456789012:role/items"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_apigatewayv2_api" "items" {
  name          = "items"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Items", version = "1" }
    paths = {
      "/items" = {
        get = {
          security = [] # fail: operation - security = [] in jsonencode({...})
          x-amazon-apigateway-integration = {
            type                 = "aws_proxy"
            httpMethod           = "POST"
            uri                  = aws_lambda_function.items.invoke_arn
            payloadFormatVersion = "2.0"
          }
        }
      }
    }
  })
}
