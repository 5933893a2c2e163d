resource "aws_redshift_cluster" "warehouse" { # fail: warehouse
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
}

resource "aws_redshiftserverless_namespace" "analytics" { # fail: warehouse
  namespace_name = "analytics"
}
