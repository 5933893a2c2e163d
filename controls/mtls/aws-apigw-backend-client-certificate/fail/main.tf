resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
}

resource "aws_api_gateway_resource" "quotes" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  parent_id   = aws_api_gateway_rest_api.partners.root_resource_id
  path_part   = "quotes"
}

resource "aws_api_gateway_method" "quotes" {
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  resource_id   = aws_api_gateway_resource.quotes.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "quotes" {
  rest_api_id             = aws_api_gateway_rest_api.partners.id
  resource_id             = aws_api_gateway_resource.quotes.id
  http_method             = aws_api_gateway_method.quotes.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://quotes.backend.example.com/quotes"
}

resource "aws_api_gateway_deployment" "partners" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  depends_on  = [aws_api_gateway_integration.quotes]
}

resource "aws_api_gateway_stage" "prod" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  deployment_id = aws_api_gateway_deployment.partners.id
  stage_name    = "prod"
}

resource "aws_apigatewayv2_api" "feed" {
  name                       = "feed"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "feed" {
  api_id             = aws_apigatewayv2_api.feed.id
  integration_type   = "HTTP_PROXY"
  integration_method = "POST"
  integration_uri    = "https://feed.backend.example.com/messages"
}

resource "aws_apigatewayv2_stage" "feed" { # fail: websocket-stage
  api_id = aws_apigatewayv2_api.feed.id
  name   = "prod"
}
