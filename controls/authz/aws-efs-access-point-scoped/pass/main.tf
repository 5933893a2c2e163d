resource "aws_efs_access_point" "uploads" {
  file_system_id = "fs-0a1b2c3d4e5f60789"

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/uploads"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "750"
    }
  }
}
