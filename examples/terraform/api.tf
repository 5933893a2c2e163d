resource "aws_api_gateway_rest_api" "orders" {
  name = local.name
  tags = local.tags
}

resource "aws_api_gateway_authorizer" "jwt" {
  name          = "${local.name}-jwt"
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [aws_cognito_user_pool.customers.arn]
}

resource "aws_cognito_user_pool" "customers" {
  name = "${local.name}-customers"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_request_validator" "body" {
  name                  = "validate-body"
  rest_api_id           = aws_api_gateway_rest_api.orders.id
  validate_request_body = true
}

# Placing an order: authenticated and validated.
resource "aws_api_gateway_method" "create_order" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "COGNITO_USER_POOLS"
  authorizer_id        = aws_api_gateway_authorizer.jwt.id
  request_validator_id = aws_api_gateway_request_validator.body.id
}

# Listing orders was left open "for the mobile app".
resource "aws_api_gateway_method" "list_orders" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

# CORS preflight needs no authorization.
resource "aws_api_gateway_method" "orders_options" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  deployment_id        = aws_api_gateway_deployment.orders.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode({ requestId = "$context.requestId", ip = "$context.identity.sourceIp" })
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    logging_level          = "INFO"
    throttling_rate_limit  = 100
    throttling_burst_limit = 200
    caching_enabled        = true
    cache_data_encrypted   = false
  }
}

resource "aws_wafv2_web_acl_association" "orders" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = var.web_acl_arn
}

variable "web_acl_arn" {
  type    = string
  default = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/abc"
}

resource "aws_api_gateway_domain_name" "orders" {
  domain_name              = "api.orders.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  security_policy          = "TLS_1_0"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "${local.name}-handler"
  role          = aws_iam_role.orders_lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/orders.zip"

  environment {
    variables = {
      TABLE_NAME  = "orders"
      DB_PASSWORD = var.db_password
    }
  }
}

resource "aws_lambda_function_url" "orders_debug" {
  function_name      = aws_lambda_function.orders.function_name
  authorization_type = "NONE"
}
