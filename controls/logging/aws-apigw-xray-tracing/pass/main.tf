resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  deployment_id        = aws_api_gateway_deployment.shop.id
  stage_name           = "prod"
  xray_tracing_enabled = true
}

locals {
  tracing = "true"
}

resource "aws_api_gateway_stage" "staging" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  deployment_id        = aws_api_gateway_deployment.shop.id
  stage_name           = "staging"
  xray_tracing_enabled = local.tracing
}

# HTTP APIs do not support X-Ray: not checked
resource "aws_apigatewayv2_stage" "events" {
  api_id = "a1b2c3d4e5"
  name   = "$default"
}
