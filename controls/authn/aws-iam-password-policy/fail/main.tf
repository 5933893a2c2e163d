resource "aws_iam_account_password_policy" "account" { # fail: reuse
  minimum_password_length      = 10 # fail: minimum-length
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = false # fail: character-classes
  max_password_age             = 90
}
