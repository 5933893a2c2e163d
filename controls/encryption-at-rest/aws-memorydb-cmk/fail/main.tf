resource "aws_memorydb_cluster" "ledger" { # fail: cluster
  name      = "ledger"
  acl_name  = "ledger-users"
  node_type = "db.t4g.small"
}
