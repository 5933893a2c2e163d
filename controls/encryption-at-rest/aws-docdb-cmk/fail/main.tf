resource "aws_docdb_cluster" "profiles" { # fail: cluster
  cluster_identifier          = "profiles"
  engine                      = "docdb"
  master_username             = "profiles"
  manage_master_user_password = true
  storage_encrypted           = true
  skip_final_snapshot         = true
}
