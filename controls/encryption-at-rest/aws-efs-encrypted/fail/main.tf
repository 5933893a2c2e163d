resource "aws_efs_file_system" "shared" { # fail: file-system
  creation_token = "shared"
}

resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
  encrypted      = false # fail: file-system
}
