resource "aws_neptune_cluster" "graph" {
  cluster_identifier             = "graph"
  engine                         = "neptune"
  enable_cloudwatch_logs_exports = ["audit", "slowquery"]
  skip_final_snapshot            = true
}
