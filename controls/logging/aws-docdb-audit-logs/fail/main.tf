resource "aws_docdb_cluster_parameter_group" "profiles" {
  name   = "profiles"
  family = "docdb5.0"

  parameter {
    name  = "audit_logs"
    value = "disabled" # fail: parameter-group
  }
}

resource "aws_docdb_cluster" "profiles" { # fail: cluster
  cluster_identifier              = "profiles"
  engine                          = "docdb"
  master_username                 = "profiles"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.profiles.name
  skip_final_snapshot             = true
}

resource "aws_docdb_cluster" "events" {
  cluster_identifier              = "events"
  engine                          = "docdb"
  master_username                 = "events"
  manage_master_user_password     = true
  enabled_cloudwatch_logs_exports = ["profiler"] # fail: cluster
  skip_final_snapshot             = true
}
