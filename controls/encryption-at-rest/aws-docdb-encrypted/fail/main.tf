resource "aws_docdb_cluster" "profiles" { # fail: cluster
  cluster_identifier          = "profiles"
  engine                      = "docdb"
  master_username             = "profiles"
  manage_master_user_password = true
  skip_final_snapshot         = true
}

resource "aws_docdb_global_cluster" "catalog" { # fail: global-cluster
  global_cluster_identifier = "catalog"
  engine                    = "docdb"
  engine_version            = "5.0.0"
}
