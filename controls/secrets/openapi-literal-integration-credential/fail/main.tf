resource "aws_apigatewayv2_api" "weather" {
  name          = "weather"
  protocol_type = "HTTP"
  body          = <<-EOT
    openapi: 3.0.1
    info:
      title: Weather
      version: "1"
    paths:
      /forecast:
        get:
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: GET
            uri: https://api.weather.example.com/forecast
            payloadFormatVersion: "1.0"
            requestParameters:
              overwrite:header.x-api-key: 0f1e2d3c4b5a69788796a5b4c3d2e1f0 # fail: operation - HTTP API parameter mapping with a constant key
  EOT
}
