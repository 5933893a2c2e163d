resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_stage" "chat" { # fail: websocket-stage - no default_route_settings
  api_id = aws_apigatewayv2_api.chat.id
  name   = "prod"
}

resource "aws_apigatewayv2_stage" "chat_beta" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "beta"

  default_route_settings {
    logging_level          = "OFF" # fail: websocket-stage
    throttling_rate_limit  = 10
    throttling_burst_limit = 5
  }
}
