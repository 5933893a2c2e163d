# security_policy left out: API Gateway uses TLS_1_0
resource "aws_api_gateway_domain_name" "api" { # fail: rest-domain
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455556666"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "legacy" {
  domain_name     = "legacy.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455557777"
  security_policy = "TLS_1_0" # fail: rest-domain
}

variable "partner_tls_policy" {
  type    = string
  default = "TLS_1_0"
}

resource "aws_api_gateway_domain_name" "partners" {
  domain_name              = "partners.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455558888"
  security_policy          = var.partner_tls_policy # fail: rest-domain

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

variable "internal_tls_policy" {
  type = string
}

resource "aws_api_gateway_domain_name" "internal" {
  domain_name              = "internal.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455559999"
  security_policy          = var.internal_tls_policy # unknown: rest-domain
}

resource "aws_apigatewayv2_domain_name" "ws" {
  domain_name = "ws.example.com"

  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6e7a4c-1111-2222-3333-444455550000"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_0" # fail: v2-domain
  }
}
