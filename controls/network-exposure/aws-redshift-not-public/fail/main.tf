resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = true # fail: cluster
}

resource "aws_redshift_cluster" "reporting" { # unknown: cluster
  cluster_identifier     = "reporting"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
}
