resource "aws_lb_trust_store" "partners" {
  name                             = "partners"
  ca_certificates_bundle_s3_bucket = "acme-pki"
  ca_certificates_bundle_s3_key    = "partners/ca.pem"
}

resource "aws_lb_trust_store_revocation" "partners" {
  trust_store_arn       = aws_lb_trust_store.partners.arn
  revocations_s3_bucket = "acme-pki"
  revocations_s3_key    = "partners/crl.pem"
}

resource "aws_lb_listener" "partner_api" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/partner-api/50dc6c495c0c9188"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"

  mutual_authentication {
    mode            = "verify"
    trust_store_arn = aws_lb_trust_store.partners.arn
  }

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/partner-api/73e2d6bc24d8a067"
  }
}

# a trust store no verifying listener uses yet: not checked
resource "aws_lb_trust_store" "staging" {
  name                             = "staging"
  ca_certificates_bundle_s3_bucket = "acme-pki"
  ca_certificates_bundle_s3_key    = "staging/ca.pem"
}
