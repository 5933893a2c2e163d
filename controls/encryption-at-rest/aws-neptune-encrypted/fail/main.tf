resource "aws_neptune_cluster" "graph" { # fail: cluster
  cluster_identifier  = "graph"
  engine              = "neptune"
  skip_final_snapshot = true
}

resource "aws_neptune_cluster" "fraud" {
  cluster_identifier  = "fraud"
  engine              = "neptune"
  storage_encrypted   = false # fail: cluster
  skip_final_snapshot = true
}
