resource "aws_kms_key" "memorydb" {
  description         = "MemoryDB"
  enable_key_rotation = true
}

resource "aws_memorydb_cluster" "ledger" {
  name        = "ledger"
  acl_name    = "ledger-users"
  node_type   = "db.t4g.small"
  kms_key_arn = aws_kms_key.memorydb.arn
}
