resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  body = <<-EOT
    openapi: 3.0.1
    info:
      title: Internal
      version: "1"
    x-amazon-apigateway-policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: execute-api:Invoke
          Resource: execute-api:/*
          Condition:
            StringEquals:
              aws:SourceVpce: vpce-0123456789abcdef0
    paths:
      /health:
        get:
          x-amazon-apigateway-integration:
            type: mock
  EOT
}

resource "aws_api_gateway_rest_api" "ledger" {
  name = "ledger"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
      },
    ]
  })
}

# a regional API: allowing everyone grants no more than having no policy
resource "aws_api_gateway_rest_api" "public" {
  name = "public"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" }]
  })
}
