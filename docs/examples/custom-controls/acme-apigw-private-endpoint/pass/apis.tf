resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = ["vpce-0a1b2c3d4e5f60789"]
  }
}

# a reviewed exception: not checked
resource "aws_api_gateway_rest_api" "status" {
  name = "status"
  tags = {
    exposure = "public"
  }
}
