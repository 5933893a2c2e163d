resource "aws_apigatewayv2_api" "forms" {
  name          = "forms"
  protocol_type = "HTTP"
  body          = <<-EOT
    openapi: 3.0.1
    info:
      title: Forms
      version: "1"
    paths:
      /forms:
        post:
          requestBody:
            content:
              application/x-www-form-urlencoded: {} # fail: operation - form content without a schema, heredoc body
          x-amazon-apigateway-integration:
            type: aws_proxy
            httpMethod: POST
            uri: arn:aws:lambda:eu-west-1:123456789012:function:forms
            payloadFormatVersion: "2.0"
  EOT
}
