resource "aws_memorydb_cluster" "ledger" { # fail: cluster
  name      = "ledger"
  acl_name  = "ledger-users"
  node_type = "db.t4g.small"
}

resource "aws_memorydb_snapshot" "ledger" { # fail: cluster
  cluster_name = aws_memorydb_cluster.ledger.name
  name         = "ledger-before-upgrade"
}
