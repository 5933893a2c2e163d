resource "aws_apigatewayv2_api" "payments" {
  name          = "payments"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "payments" {
  api_id                 = aws_apigatewayv2_api.payments.id
  integration_type       = "AWS_PROXY"
  integration_uri        = "arn:aws:lambda:eu-west-1:123456789012:function:payments"
  payload_format_version = "2.0"
}

# authorization_type left out: defaults to NONE
resource "aws_apigatewayv2_route" "get_payment" { # fail: v2-route
  api_id    = aws_apigatewayv2_api.payments.id
  route_key = "GET /payments/{id}"
  target    = "integrations/${aws_apigatewayv2_integration.payments.id}"
}

resource "aws_apigatewayv2_route" "refund" {
  api_id             = aws_apigatewayv2_api.payments.id
  route_key          = "POST /payments/{id}/refund"
  authorization_type = "NONE" # fail: v2-route
  target             = "integrations/${aws_apigatewayv2_integration.payments.id}"
}

resource "aws_apigatewayv2_route" "catch_all" { # fail: v2-route
  api_id    = aws_apigatewayv2_api.payments.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.payments.id}"
}

# CORS preflight: not checked
resource "aws_apigatewayv2_route" "preflight" {
  api_id    = aws_apigatewayv2_api.payments.id
  route_key = "OPTIONS /{proxy+}"
}

# a module-style argument left at null is NONE too
variable "reports_authorization_type" {
  type    = string
  default = null
}

resource "aws_apigatewayv2_route" "reports" {
  api_id             = aws_apigatewayv2_api.payments.id
  route_key          = "GET /reports"
  authorization_type = var.reports_authorization_type # fail: v2-route
}
