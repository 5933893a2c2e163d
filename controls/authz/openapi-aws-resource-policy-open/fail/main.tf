resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  put_rest_api_mode = "merge"
  body = templatefile("${path.module}/internal.yaml.tpl", {
    vpc_endpoint = "vpce-0123456789abcdef0"
  })
}

resource "aws_api_gateway_rest_api" "ledger" {
  name = "ledger"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # fail: rest-api - aws_api_gateway_rest_api.policy = jsonencode(...)
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
    }]
  })
}
