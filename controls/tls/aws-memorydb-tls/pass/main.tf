resource "aws_memorydb_cluster" "ledger" {
  name      = "ledger"
  acl_name  = "ledger-users"
  node_type = "db.t4g.small"
}
