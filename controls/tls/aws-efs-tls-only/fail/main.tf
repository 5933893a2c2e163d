resource "aws_efs_file_system" "shared" { # fail: file-system
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system" "uploads" { # fail: file-system - its policy has no TLS statement
  creation_token = "uploads"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "uploads" {
  file_system_id = aws_efs_file_system.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/uploader" }
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = aws_efs_file_system.uploads.arn
    }]
  })
}
