resource "aws_apigatewayv2_api" "accounts" {
  name          = "accounts"
  protocol_type = "HTTP"

  cors_configuration {
    allow_credentials = true
    allow_origins     = ["https://app.example.com", "https://admin.example.com"]
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
  }
}

# not checked: no credentials, so a wildcard exposes nothing a browser holds for the user
resource "aws_apigatewayv2_api" "catalog" {
  name          = "catalog"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = ["*"]
    allow_methods = ["GET"]
  }
}
