resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    logging_level      = "ERROR"
    data_trace_enabled = false
  }
}

# data tracing left at its default (off)
resource "aws_api_gateway_method_settings" "metrics" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = "prod"
  method_path = "orders/GET"

  settings {
    metrics_enabled = true
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
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }

  route_settings {
    route_key          = "sendmessage"
    logging_level      = "INFO"
    data_trace_enabled = false
  }
}
