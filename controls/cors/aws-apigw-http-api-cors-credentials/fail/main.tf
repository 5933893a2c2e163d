resource "aws_apigatewayv2_api" "account" {
  name          = "account"
  protocol_type = "HTTP"

  cors_configuration {
    allow_credentials = true
    allow_origins     = ["https://*"] # fail: http-api - every HTTPS site, with cookies
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
  }
}
