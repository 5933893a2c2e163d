resource "aws_redshift_parameter_group" "warehouse" {
  name   = "warehouse"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier           = "warehouse"
  node_type                    = "ra3.xlplus"
  master_username              = "admin"
  manage_master_password       = true
  cluster_parameter_group_name = aws_redshift_parameter_group.warehouse.name
}
