resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  body = file("${path.module}/orders.yaml")
}

resource "aws_api_gateway_base_path_mapping" "orders" {
  api_id      = aws_api_gateway_rest_api.orders.id
  domain_name = "api.example.com"
}

resource "aws_api_gateway_rest_api" "payments" {
  name                         = "payments"
  disable_execute_api_endpoint = true
}

resource "aws_api_gateway_base_path_mapping" "payments" {
  api_id      = aws_api_gateway_rest_api.payments.id
  domain_name = "api.example.com"
  base_path   = "payments"
}

resource "aws_apigatewayv2_api" "events" {
  name                         = "events"
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = true
}

resource "aws_apigatewayv2_api_mapping" "events" {
  api_id      = aws_apigatewayv2_api.events.id
  domain_name = "events.example.com"
  stage       = "$default"
}

# no custom domain: the default endpoint is the API's only address (not checked)
resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
}
