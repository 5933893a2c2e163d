resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name    = "prod"
}

# settings without logging_level: execution logging stays OFF
resource "aws_api_gateway_method_settings" "prod_all" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings { # fail: method-settings - the block lacks the setting
    metrics_enabled = true
  }
}

resource "aws_api_gateway_method_settings" "prod_checkout" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "checkout/POST"

  settings {
    logging_level = "OFF" # fail: method-settings
  }
}

variable "log_level" {
  type    = string
  default = "OFF"
}

resource "aws_api_gateway_method_settings" "prod_cart" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "cart/GET"

  settings {
    logging_level = var.log_level # fail: method-settings
  }
}

variable "search_log_level" {
  type = string
}

resource "aws_api_gateway_method_settings" "prod_search" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "search/GET"

  settings {
    logging_level = var.search_log_level # unknown: method-settings
  }
}
