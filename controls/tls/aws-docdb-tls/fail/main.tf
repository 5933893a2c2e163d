resource "aws_docdb_cluster_parameter_group" "profiles" {
  name   = "profiles"
  family = "docdb5.0"

  parameter {
    name  = "tls"
    value = "disabled" # fail: parameter-group
  }
}
