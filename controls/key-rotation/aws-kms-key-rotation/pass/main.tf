resource "aws_kms_key" "data" {
  description             = "application data"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

resource "aws_kms_key" "hmac" {
  description              = "webhook signatures"
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}
