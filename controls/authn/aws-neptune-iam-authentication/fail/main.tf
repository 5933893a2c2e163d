resource "aws_neptune_cluster" "graph" { # fail: cluster
  cluster_identifier  = "graph"
  engine              = "neptune"
  skip_final_snapshot = true
}
