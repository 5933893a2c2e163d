# HTTP APIs have no request validators: not checked
resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Events", version = "1" }
    paths = {
      "/events" = {
        post = {
          requestBody = { content = { "application/json" = { schema = { type = "object" } } } }
          x-amazon-apigateway-integration = {
            type                 = "aws_proxy"
            httpMethod           = "POST"
            uri                  = "arn:aws:lambda:eu-west-1:123456789012:function:events"
            payloadFormatVersion = "2.0"
          }
        }
      }
    }
  })
}
