resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyUnencryptedMounts"
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = aws_efs_file_system.shared.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
