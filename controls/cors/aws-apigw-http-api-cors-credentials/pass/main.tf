resource "aws_apigatewayv2_api" "account" {
  name          = "account"
  protocol_type = "HTTP"

  cors_configuration {
    allow_credentials = true
    allow_origins     = ["https://app.example.com", "https://admin.example.com"]
    allow_methods     = ["GET", "POST"]
  }
}

# any origin, but without credentials: bearer tokens are not sent by the browser on its own
resource "aws_apigatewayv2_api" "catalog" {
  name          = "catalog"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = ["*"]
    allow_methods = ["GET"]
  }
}

# no CORS configuration: not checked
resource "aws_apigatewayv2_api" "internal" {
  name          = "internal"
  protocol_type = "HTTP"
}
