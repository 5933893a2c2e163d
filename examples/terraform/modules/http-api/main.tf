variable "name" {
  type = string
}

variable "log_group_arn" {
  type = string
}

variable "throttle_rate" {
  type = number
}

variable "lambda_arn" {
  type = string
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id           = aws_apigatewayv2_api.this.id
  integration_type = "AWS_PROXY"
  integration_uri  = var.lambda_arn
}

# Partners authenticate with IAM-signed requests.
resource "aws_apigatewayv2_route" "orders" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "GET /partner/orders"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.lambda.id}"
}

# The status endpoint was added later, without authorization.
resource "aws_apigatewayv2_route" "status" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "GET /partner/status"
  target    = "integrations/${aws_apigatewayv2_integration.lambda.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = var.log_group_arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }

  default_route_settings {
    throttling_rate_limit  = var.throttle_rate
    throttling_burst_limit = var.throttle_rate * 2
  }
}
