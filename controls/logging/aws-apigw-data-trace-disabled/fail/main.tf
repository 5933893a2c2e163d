resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    logging_level      = "INFO"
    data_trace_enabled = true # fail: method-settings
  }
}

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_stage" "chat" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "prod"

  default_route_settings {
    logging_level          = "ERROR"
    data_trace_enabled     = true # fail: v2-stage
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

resource "aws_apigatewayv2_stage" "chat_beta" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "beta"

  route_settings {
    route_key          = "sendmessage"
    logging_level      = "INFO"
    data_trace_enabled = true # fail: v2-stage - one route traced
  }
}
