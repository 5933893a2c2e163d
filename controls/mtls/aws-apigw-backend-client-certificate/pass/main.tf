resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
}

resource "aws_api_gateway_resource" "quotes" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  parent_id   = aws_api_gateway_rest_api.partners.root_resource_id
  path_part   = "quotes"
}

resource "aws_api_gateway_integration" "quotes" {
  rest_api_id             = aws_api_gateway_rest_api.partners.id
  resource_id             = aws_api_gateway_resource.quotes.id
  http_method             = "GET"
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://quotes.backend.example.com/quotes"
}

resource "aws_api_gateway_deployment" "partners" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  depends_on  = [aws_api_gateway_integration.quotes]
}

resource "aws_api_gateway_client_certificate" "partners" {
  description = "presented to the quotes back end"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id           = aws_api_gateway_rest_api.partners.id
  deployment_id         = aws_api_gateway_deployment.partners.id
  stage_name            = "prod"
  client_certificate_id = aws_api_gateway_client_certificate.partners.id
}

# not checked: the API only calls a Lambda function
resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_integration" "orders" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_rest_api.orders.root_resource_id
  http_method             = "POST"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations"
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  depends_on  = [aws_api_gateway_integration.orders]
}

resource "aws_api_gateway_stage" "orders" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
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

resource "aws_apigatewayv2_stage" "feed" {
  api_id                = aws_apigatewayv2_api.feed.id
  name                  = "prod"
  client_certificate_id = aws_api_gateway_client_certificate.partners.id
}
