resource "aws_memorydb_cluster" "ledger" {
  name        = "ledger"
  acl_name    = "open-access"
  node_type   = "db.t4g.small"
  tls_enabled = false # fail: cluster
}
