# The public product catalogue: an API Gateway REST API defined by its OpenAPI document.
resource "aws_api_gateway_rest_api" "catalog" {
  name = "${local.name}-catalog"
  body = templatefile("${path.module}/openapi/catalog.yaml", {
    catalog_lambda_arn = aws_lambda_function.orders.invoke_arn
    region             = var.region
  })

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
