resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_stage" "prod" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

# a block with no destination is as good as none
resource "aws_api_gateway_stage" "staging" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "staging"

  access_log_settings { # fail: rest-stage - the block lacks the setting
    format = "$context.requestId $context.status"
  }
}

variable "access_log_destination" {
  type = string
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "dev"

  access_log_settings {
    destination_arn = var.access_log_destination
    format          = "$context.requestId $context.status"
  }
}
