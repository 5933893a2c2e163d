resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "payments" {
  domain_name              = "payments.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455557777"
  security_policy          = "SecurityPolicy_TLS13_1_2_2021_06"
  endpoint_access_mode     = "STRICT"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "edge" {
  domain_name          = "www-api.example.com"
  certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455558888"
  security_policy      = "SecurityPolicy_TLS13_2025_EDGE"
  endpoint_access_mode = "BASIC"
}

resource "aws_apigatewayv2_domain_name" "events" {
  domain_name = "events.example.com"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455550000"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}
