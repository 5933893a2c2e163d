# CloudFormation has no MemoryDB snapshot resource: kept apart from the cluster, which has a
# CloudFormation twin
resource "aws_memorydb_snapshot" "ledger" { # fail: cluster
  cluster_name = aws_memorydb_cluster.ledger.name
  name         = "ledger-before-upgrade"
}
