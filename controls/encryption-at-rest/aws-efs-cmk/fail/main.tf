resource "aws_efs_file_system" "shared" { # fail: file-system
  creation_token = "shared"
  encrypted      = true
}
