resource "aws_redshift_cluster" "warehouse" { # fail: cluster
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
}

resource "aws_redshiftserverless_namespace" "analytics" { # fail: namespace
  namespace_name = "analytics"
}
