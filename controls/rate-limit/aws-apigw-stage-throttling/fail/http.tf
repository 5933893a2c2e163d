resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" { # fail: v2-stage
  api_id      = aws_apigatewayv2_api.events.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "beta" {
  api_id = aws_apigatewayv2_api.events.id
  name   = "beta"

  default_route_settings { # fail: v2-stage - the block lacks the setting
    detailed_metrics_enabled = true
  }
}
