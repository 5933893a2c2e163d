resource "aws_neptune_cluster" "graph" {
  cluster_identifier  = "graph"
  engine              = "neptune"
  storage_encrypted   = true
  skip_final_snapshot = true
}
