resource "aws_kms_key" "data" { # fail: key
  description             = "application data"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "logs" {
  description              = "log encryption"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = false # fail: key
}

variable "rotate_keys" {
  type    = bool
  default = false
}

resource "aws_kms_key" "backups" {
  description         = "backups"
  enable_key_rotation = var.rotate_keys # fail: key
}

variable "rotate_tokens_key" {
  type = bool
}

resource "aws_kms_key" "tokens" {
  description         = "session tokens"
  enable_key_rotation = var.rotate_tokens_key # unknown: key
}

# asymmetric signing key: automatic rotation is not supported, not checked
resource "aws_kms_key" "signing" {
  description              = "JWT signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}
