resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

# no method settings, no usage plan
resource "aws_api_gateway_stage" "prod" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

# method settings that only log, and explicit -1 (throttling disabled)
resource "aws_api_gateway_stage" "staging" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "staging"
}

resource "aws_api_gateway_method_settings" "staging_all" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.staging.stage_name
  method_path = "*/*"

  settings {
    logging_level          = "ERROR"
    throttling_rate_limit  = -1
    throttling_burst_limit = -1
  }
}

# a usage plan without throttle settings (quota only)
resource "aws_api_gateway_stage" "partners" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "partners"
}

resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"

  api_stages {
    api_id = aws_api_gateway_rest_api.shop.id
    stage  = aws_api_gateway_stage.partners.stage_name
  }

  quota_settings {
    limit  = 100000
    period = "MONTH"
  }
}
