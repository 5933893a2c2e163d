resource "aws_kms_key" "docdb" {
  description         = "DocumentDB"
  enable_key_rotation = true
}

resource "aws_docdb_cluster" "profiles" {
  cluster_identifier          = "profiles"
  engine                      = "docdb"
  master_username             = "profiles"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.docdb.arn
  skip_final_snapshot         = true
}
