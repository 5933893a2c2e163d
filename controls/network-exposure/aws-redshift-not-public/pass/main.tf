resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier        = "warehouse"
  node_type                 = "ra3.xlplus"
  master_username           = "admin"
  manage_master_password    = true
  publicly_accessible       = false
  cluster_subnet_group_name = "warehouse-private"
}
