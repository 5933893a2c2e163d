resource "aws_apigatewayv2_api" "shop" {
  name          = "shop"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Shop", version = "1" }
    paths = {
      "/actuator/{proxy+}" = {
        get = { # fail: operation - /actuator/{proxy+} without security, jsonencode() body
          x-amazon-apigateway-integration = {
            type                 = "http_proxy"
            httpMethod           = "GET"
            uri                  = "https://shop.internal.example.com/actuator/{proxy}"
            payloadFormatVersion = "1.0"
          }
        }
      }
    }
  })
}
