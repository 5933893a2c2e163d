resource "aws_neptune_cluster_instance" "graph_1" {
  identifier         = "graph-1"
  cluster_identifier = "graph"
  engine             = "neptune"
  instance_class     = "db.r6g.large"
}
