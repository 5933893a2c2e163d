resource "aws_docdb_cluster_parameter_group" "profiles" {
  name   = "profiles"
  family = "docdb5.0"

  parameter {
    name  = "audit_logs"
    value = "all"
  }
}

resource "aws_docdb_cluster" "profiles" {
  cluster_identifier              = "profiles"
  engine                          = "docdb"
  master_username                 = "profiles"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.profiles.name
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
  skip_final_snapshot             = true
}
