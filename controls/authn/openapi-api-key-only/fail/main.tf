resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
  body = <<-EOT
    openapi: 3.0.1
    info:
      title: Partners
      version: "1"
    paths:
      /partners:
        get:
          security:
            - api_key: [] # fail: operation - heredoc body of an aws_api_gateway_rest_api
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: GET
            uri: https://partners.internal.example.com/partners
        post:
          security:
            - sigv4: []
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: POST
            uri: https://partners.internal.example.com/partners
    components:
      securitySchemes:
        api_key:
          type: apiKey
          name: x-api-key
          in: header
        sigv4:
          type: apiKey
          name: Authorization
          in: header
          x-amazon-apigateway-authtype: awsSigv4
  EOT
}
