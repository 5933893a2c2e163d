resource "aws_api_gateway_rest_api" "orders" { # fail: rest-api - no endpoint_configuration: an edge API
  name = "orders"
}

resource "aws_api_gateway_rest_api" "billing" {
  name = "billing"
  endpoint_configuration {
    types = ["REGIONAL"] # fail: rest-api
  }
}
