resource "aws_api_gateway_rest_api" "orders" { # fail: rest-api - not disabled here nor in the file() body (false)
  name = "orders"
  body = file("${path.module}/orders.yaml")
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "orders" {
  api_id      = aws_api_gateway_rest_api.orders.id
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = "orders"
}

resource "aws_apigatewayv2_api" "events" {
  name                         = "events"
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = false # fail: v2-api - HTTP API, disable_execute_api_endpoint = false
}

resource "aws_apigatewayv2_domain_name" "events" {
  domain_name = "events.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/def"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "events" {
  api_id      = aws_apigatewayv2_api.events.id
  domain_name = aws_apigatewayv2_domain_name.events.id
  stage       = "$default"
}
