resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_integration" "orders_get" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = "GET"
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://orders.backend.example.com/orders"
}

# the host comes from a stage variable, the scheme does not
resource "aws_api_gateway_integration" "orders_post" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = "POST"
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "https://$${stageVariables.ordersHost}/orders"
}

# not checked: traffic stays in the VPC
resource "aws_api_gateway_integration" "inventory" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = "PUT"
  type                    = "HTTP_PROXY"
  integration_http_method = "PUT"
  connection_type         = "VPC_LINK"
  connection_id           = "abc123"
  uri                     = "http://inventory-nlb.internal.example.com/inventory"
}

# not checked: a Lambda integration
resource "aws_api_gateway_integration" "orders_delete" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = "DELETE"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations"
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "events" {
  api_id             = aws_apigatewayv2_api.events.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = "https://events.backend.example.com/{proxy}"
}
