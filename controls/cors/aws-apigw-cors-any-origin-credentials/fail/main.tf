resource "aws_apigatewayv2_api" "accounts" {
  name          = "accounts"
  protocol_type = "HTTP"

  cors_configuration {
    allow_credentials = true
    allow_origins     = ["https://*"] # fail: http-api
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
  }
}
