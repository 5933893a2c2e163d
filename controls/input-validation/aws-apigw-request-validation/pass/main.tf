resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_request_validator" "body_and_params" {
  name                        = "body-and-params"
  rest_api_id                 = aws_api_gateway_rest_api.orders.id
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_model" "order_input" {
  rest_api_id  = aws_api_gateway_rest_api.orders.id
  name         = "OrderInput"
  content_type = "application/json"
  schema = jsonencode({
    type     = "object"
    required = ["sku", "quantity"]
    properties = {
      sku      = { type = "string", maxLength = 32 }
      quantity = { type = "integer", minimum = 1 }
    }
  })
}

resource "aws_api_gateway_method" "create_order" {
  rest_api_id          = aws_api_gateway_rest_api.orders.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.body_and_params.id
  request_models = {
    "application/json" = aws_api_gateway_model.order_input.name
  }
}

resource "aws_api_gateway_method" "list_orders" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}
