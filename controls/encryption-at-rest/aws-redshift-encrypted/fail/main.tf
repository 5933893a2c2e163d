variable "admin_password" {
  type      = string
  sensitive = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  number_of_nodes    = 2
  master_username    = "admin"
  master_password    = var.admin_password
  encrypted          = false # fail: cluster
}

resource "aws_redshift_cluster" "reporting" { # unknown: cluster
  cluster_identifier = "reporting"
  node_type          = "ra3.xlplus"
  master_username    = "admin"
  master_password    = var.admin_password
}
