resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
}

resource "aws_api_gateway_resource" "quotes" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  parent_id   = aws_api_gateway_rest_api.partners.root_resource_id
  path_part   = "quotes"
}

resource "aws_api_gateway_integration" "quotes" {
  rest_api_id             = aws_api_gateway_rest_api.partners.id
  resource_id             = aws_api_gateway_resource.quotes.id
  http_method             = "GET"
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://quotes.partner.example.net/v1/quotes"

  tls_config {
    insecure_skip_verification = false
  }
}

resource "aws_api_gateway_integration" "quotes_post" {
  rest_api_id             = aws_api_gateway_rest_api.partners.id
  resource_id             = aws_api_gateway_resource.quotes.id
  http_method             = "POST"
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "https://quotes.partner.example.net/v1/quotes"
}
