resource "aws_api_gateway_rest_api" "catalog" {
  name = "catalog"
}

resource "aws_api_gateway_deployment" "catalog" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id           = aws_api_gateway_rest_api.catalog.id
  deployment_id         = aws_api_gateway_deployment.catalog.id
  stage_name            = "prod"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
}

resource "aws_api_gateway_method_settings" "products" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "products/GET"

  settings { # fail: method-settings - the block lacks the setting
    caching_enabled      = true
    cache_ttl_in_seconds = 300
  }
}

resource "aws_api_gateway_method_settings" "prices" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "prices/GET"

  settings {
    caching_enabled      = true
    cache_data_encrypted = false # fail: method-settings
  }
}

variable "encrypt_cache" {
  type    = bool
  default = false
}

resource "aws_api_gateway_method_settings" "stock" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "stock/GET"

  settings {
    caching_enabled      = true
    cache_data_encrypted = var.encrypt_cache # fail: method-settings
  }
}

# caching off: not checked
resource "aws_api_gateway_method_settings" "orders" {
  rest_api_id = aws_api_gateway_rest_api.catalog.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "orders/POST"

  settings {
    caching_enabled = false
  }
}
