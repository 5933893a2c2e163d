resource "aws_efs_access_point" "reports" { # fail: root-directory,posix-user
  file_system_id = "fs-0a1b2c3d4e5f60789"
}

resource "aws_efs_access_point" "uploads" {
  file_system_id = "fs-0a1b2c3d4e5f60789"

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/" # fail: root-directory
  }
}
