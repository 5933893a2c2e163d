resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/shop-access"
  retention_in_days = 365
}

locals {
  audit_retention_days = 731
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/acme/audit"
  retention_in_days = local.audit_retention_days
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
