resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_method" "get_orders" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = "abc123"
  stage_name           = "prod"
  xray_tracing_enabled = false
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/orders"
  retention_in_days = 7
}

resource "aws_s3_bucket" "assets" {
  bucket = "orders-assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  acl    = "public-read"
}

resource "aws_security_group" "api" {
  name = "api"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
